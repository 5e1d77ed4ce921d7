namespace ServingFabric.Models;

/// <summary>How many replicas of each version a model runs (config.json <c>"replicas": {"min": 3, "max": 5}</c>).</summary>
/// <param name="Min">Replicas kept running at all times; at least 1.</param>
/// <param name="Max">The most replicas an autoscaler may run; at least <paramref name="Min"/>.</param>
[GenerateSerializer, Immutable, Alias("sf.ReplicaBounds")]
public sealed record ReplicaBounds(
    [property: Id(0)] int Min,
    [property: Id(1)] int Max);
