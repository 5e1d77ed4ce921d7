using ServingFabric.Traffic.Rollouts;

namespace ServingFabric.Grains.Releases;

/// <summary>
/// Defaults for canaries and A/B tests (a request may override some of them) and how the router measures the latency
/// baseline. Bound from <c>ServingFabric:Releases</c>, for example <c>ServingFabric__Releases__Canary__MinStepDuration=00:05:00</c>.
/// </summary>
public sealed class ReleaseOptions
{
    public const string SectionName = "ServingFabric:Releases";

    /// <summary>
    /// Canary defaults: steps 10, 25, 50, 100 %, 500 requests per arm and 60 s per step, hard guard 5 % errors over 50
    /// requests, harm α 0.01, sample-ratio α 0.001 (see <see cref="CanaryOptions"/>). Configured steps
    /// (<c>Canary:Steps:0</c>, <c>Canary:Steps:1</c> ...) replace the default list.
    /// </summary>
    public CanaryOptions Canary { get; set; } = new();

    /// <summary>A/B defaults: 50/50, reward, α 0.05, 500 to 100 000 samples per arm, at least 1 h (see <see cref="AbTestOptions"/>).</summary>
    public AbTestOptions AbTest { get; set; } = new();

    /// <summary>
    /// How far back the per-version latency histogram reaches; a release takes the control's
    /// <see cref="SlowQuantile"/> over this window as its slow-request threshold. Default 10 minutes.
    /// </summary>
    public TimeSpan LatencyBaselineWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The quantile of the control's latency above which a request counts as slow. Default 0.95.</summary>
    public double SlowQuantile { get; set; } = 0.95;

    /// <summary>
    /// How often a running release's observations are written to storage when no decision changes anything (a decision
    /// is written at once). A router that moves to another silo loses at most this much evidence. Default 30 s.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);
}
