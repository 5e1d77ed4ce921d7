using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Scaling;

/// <summary>One version's replicas as the autoscaler keeps them (persisted with the router's state).</summary>
[GenerateSerializer, Alias("sf.VersionScalingState")]
public sealed class VersionScalingState
{
    /// <summary>Replicas the version should run: indices 0 .. Desired-1.</summary>
    [Id(0)]
    public int Desired { get; set; }

    /// <summary>Replicas kept active and probed: Desired, plus those above it still draining.</summary>
    [Id(1)]
    public int Active { get; set; }

    /// <summary>When the draining replicas (indices Desired .. Active-1) left the routing table.</summary>
    [Id(2)]
    public DateTimeOffset? DrainStartedAt { get; set; }

    /// <summary>Indices in the routing table: the deployed minimum, and the others once warm.</summary>
    [Id(3)]
    public List<int> Serving { get; set; } = [];

    /// <summary>What holds a scale-up back in the current episode (a <see cref="ScalingLimit"/> name), reported once.</summary>
    [Id(4)]
    public string? LimitedBy { get; set; }

    /// <summary>The autoscaler's recent recommendations (its stabilization windows).</summary>
    [Id(5)]
    public AutoscalerWindow Window { get; set; } = new();

    /// <summary>When the latest scale-up was decided, to tell operators how long its replicas took to serve.</summary>
    [Id(6)]
    public DateTimeOffset? ScaledUpAt { get; set; }
}
