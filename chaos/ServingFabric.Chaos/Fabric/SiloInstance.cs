namespace ServingFabric.Chaos.Fabric;

/// <summary>
/// One silo process of the cluster, on fixed loopback ports that survive restarts (HTTP gateway, silo, Orleans
/// gateway), as a pod of a Deployment keeps its Service. <see cref="StartedAt"/> tells a restarted process's replicas
/// from its predecessor's (Orleans names a silo by address and generation, a second count taken at start).
/// </summary>
internal sealed class SiloInstance(string zone, int[] ports, ChildProcess process, string workingDirectory)
{
    public string Zone { get; } = zone;

    /// <summary>HTTP gateway, Orleans silo and Orleans gateway ports.</summary>
    public IReadOnlyList<int> Ports { get; } = ports;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{ports[0]}");

    public int SiloPort => Ports[1];

    public ChildProcess Process { get; private set; } = process;

    public string WorkingDirectory { get; private set; } = workingDirectory;

    public DateTimeOffset StartedAt { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>Stopped with SIGSTOP and not yet continued.</summary>
    public bool IsFrozen { get; set; }

    /// <summary>How many times the harness started a new process for this silo.</summary>
    public int Restarts { get; private set; }

    public bool IsRunning => !Process.HasExited;

    /// <summary>The newest Orleans generation the operator view showed on this silo's port.</summary>
    public int NewestGenerationSeen { get; set; }

    /// <summary>Generations up to this one belong to processes that are gone: their replicas no longer count.</summary>
    public int StaleGenerations { get; private set; }

    public void Replace(ChildProcess process, string workingDirectory)
    {
        StaleGenerations = NewestGenerationSeen;
        Process = process;
        WorkingDirectory = workingDirectory;
        StartedAt = DateTimeOffset.UtcNow;
        IsFrozen = false;
        Restarts++;
    }
}
