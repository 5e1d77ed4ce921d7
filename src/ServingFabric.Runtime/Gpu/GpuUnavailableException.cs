namespace ServingFabric.Runtime.Gpu;

/// <summary>No healthy GPU on this silo has room for a session: the replica belongs on another silo.</summary>
public sealed class GpuUnavailableException : Exception
{
    public GpuUnavailableException()
    {
    }

    public GpuUnavailableException(string message)
        : base(message)
    {
    }

    public GpuUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
