namespace ServingFabric.Traffic.Scaling;

/// <summary>
/// One version's recent recommendations, the memory behind the stabilization windows. Plain data so the router
/// persists it with its state; only <see cref="IReplicaAutoscaler"/> changes it.
/// </summary>
[GenerateSerializer, Alias("sf.AutoscalerWindow")]
public sealed class AutoscalerWindow
{
    /// <summary>Recommendations, oldest first, pruned to the longer window.</summary>
    [Id(0)]
    public List<AutoscalerSample> Samples { get; set; } = [];
}

/// <summary>One evaluation's recommendation before bounds and stabilization.</summary>
/// <param name="At">When.</param>
/// <param name="Replicas">Replicas the signals asked for.</param>
[GenerateSerializer, Immutable, Alias("sf.AutoscalerSample")]
public sealed record AutoscalerSample([property: Id(0)] DateTimeOffset At, [property: Id(1)] int Replicas);
