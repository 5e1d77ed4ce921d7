namespace ServingFabric.Contracts.Security.Tls;

/// <summary>A certificate file that cannot be used; the message names the setting, the file, the problem and the fix.</summary>
public sealed class CertificateFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CertificateFileException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public CertificateFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public CertificateFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
