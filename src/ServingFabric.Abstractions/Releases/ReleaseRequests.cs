namespace ServingFabric.Releases;

/// <summary>Starts a canary of <paramref name="Version"/> beside the current default.</summary>
/// <param name="Version">The canary version (registered and active).</param>
/// <param name="Steps">Traffic shares in percent, strictly increasing; null: the default 10, 25, 50, 100.</param>
/// <param name="MinRequestsPerStep">Requests each arm needs per step; null: the default (500).</param>
/// <param name="MinStepDuration">Shortest step; null: the default (60 s).</param>
/// <param name="HardGuardErrorRate">Canary error rate that rolls back at once; null: the default (5 %).</param>
[GenerateSerializer, Immutable, Alias("sf.CanaryRequest")]
public sealed record CanaryRequest(
    [property: Id(0)] string Version,
    [property: Id(1)] IReadOnlyList<double>? Steps = null,
    [property: Id(2)] long? MinRequestsPerStep = null,
    [property: Id(3)] TimeSpan? MinStepDuration = null,
    [property: Id(4)] double? HardGuardErrorRate = null);

/// <summary>The metric an A/B test is decided on.</summary>
public enum ExperimentMetric
{
    /// <summary>Mean reward from POST /v1/models/{name}/feedback; higher is better.</summary>
    Reward = 0,

    /// <summary>Mean log-latency; lower is better.</summary>
    Latency = 1,

    /// <summary>Error rate; lower is better.</summary>
    Errors = 2,
}

/// <summary>Starts an A/B test of <paramref name="Treatment"/> (B) against <paramref name="Control"/> (A, default: the current default version).</summary>
/// <param name="Treatment">Arm B.</param>
/// <param name="Control">Arm A; null: the current default version.</param>
/// <param name="TreatmentPercent">B's share in percent; null: 50.</param>
/// <param name="Metric">Primary metric; null: reward.</param>
/// <param name="MinimumDuration">No winner before this; null: the default (1 h).</param>
/// <param name="MinSamplesPerArm">Burn-in per arm; null: the default (500).</param>
/// <param name="MaxSamplesPerArm">Inconclusive when an arm reaches this without a winner; null: the default (100 000).</param>
[GenerateSerializer, Immutable, Alias("sf.AbTestRequest")]
public sealed record AbTestRequest(
    [property: Id(0)] string Treatment,
    [property: Id(1)] string? Control = null,
    [property: Id(2)] double? TreatmentPercent = null,
    [property: Id(3)] ExperimentMetric? Metric = null,
    [property: Id(4)] TimeSpan? MinimumDuration = null,
    [property: Id(5)] long? MinSamplesPerArm = null,
    [property: Id(6)] long? MaxSamplesPerArm = null);

/// <summary>Operator settings for weights and mirroring outside a canary or A/B test.</summary>
/// <param name="Weights">Shares per version in percent (sum 100); null leaves the split as it is.</param>
/// <param name="Mirror">Shadow traffic; null turns mirroring off.</param>
[GenerateSerializer, Immutable, Alias("sf.TrafficSettings")]
public sealed record TrafficSettings(
    [property: Id(0)] IReadOnlyList<VersionWeight>? Weights,
    [property: Id(1)] MirrorPolicy? Mirror);
