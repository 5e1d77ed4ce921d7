namespace ServingFabric.Traffic.Scaling;

/// <summary>What held a scale-up back, if anything.</summary>
public enum ScalingLimit
{
    /// <summary>Nothing: the decision is what the signals asked for (after stabilization and the rate limit).</summary>
    None,

    /// <summary>The model's maximum replicas.</summary>
    MaxReplicas,

    /// <summary>Every inference silo already hosts a replica: more would share a silo's session and add no capacity.</summary>
    InferenceSilos,

    /// <summary>Silos hosting the version are above a CPU or memory limit and no other silo is below both.</summary>
    Resources,
}
