namespace ServingFabric.Grains.Supervision;

/// <summary>How each model's router supervises its replicas. Bound from <c>ServingFabric:Supervisor</c>.</summary>
public sealed class ReplicaSupervisorOptions
{
    public const string SectionName = "ServingFabric:Supervisor";

    /// <summary>
    /// Time between two probes of every replica (the period counts from the end of a round). A lost replica is back
    /// within about one interval. Default 2 s.
    /// </summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a probe may take before the replica counts as unhealthy (or lost, if its silo is dead). Default 5 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events kept per model; older ones are dropped. Default 500.</summary>
    public int EventLogCapacity { get; set; } = 500;

    /// <summary>
    /// How often every silo touches the router of each catalogued model, so a router lost with its silo comes back
    /// and resumes supervising without waiting for traffic. Default 15 s.
    /// </summary>
    public TimeSpan RouterKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);
}
