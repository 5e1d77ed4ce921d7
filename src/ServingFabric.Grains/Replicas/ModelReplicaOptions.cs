namespace ServingFabric.Grains.Replicas;

/// <summary>How replicas guard themselves. Bound from configuration section <c>ServingFabric:Replica</c>.</summary>
public sealed class ModelReplicaOptions
{
    public const string SectionName = "ServingFabric:Replica";

    /// <summary>
    /// Engine failures (Internal errors) in a row after which a replica deactivates so that it is placed and loaded
    /// again; 0 turns it off. Default 5.
    /// </summary>
    public int ConsecutiveEngineFailureLimit { get; set; } = 5;
}
