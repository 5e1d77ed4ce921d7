namespace ServingFabric.Hosting;

/// <summary>What the silo process's exit code says about how it ended.</summary>
public static class SiloExitCodes
{
    /// <summary>The host stopped by itself: a graceful shutdown (or a normal end without a signal).</summary>
    public const int Graceful = 0;

    /// <summary>
    /// The shutdown watchdog ended the process: SIGTERM's shutdown was still running after
    /// <c>ServingFabric:Silo:ShutdownTimeout</c> plus <see cref="ShutdownWatchdog.Margin"/> (storage, a peer or a
    /// client that did not answer). The log names what was still running.
    /// </summary>
    public const int ForcedShutdown = 3;
}
