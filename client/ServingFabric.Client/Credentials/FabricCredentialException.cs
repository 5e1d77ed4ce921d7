namespace ServingFabric.Client;

/// <summary>
/// The configured credential could not be produced before a call was sent: the API key file is missing, unreadable or
/// empty, or the access token provider returned no token. The message names the setting and what to do; it never
/// contains the key or token.
/// </summary>
public sealed class FabricCredentialException : Exception
{
    /// <summary>A credential failure with a message that says what to fix.</summary>
    public FabricCredentialException(string message)
        : base(message)
    {
    }

    /// <summary>A credential failure caused by <paramref name="innerException"/> (for example an I/O error reading the key file).</summary>
    public FabricCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
