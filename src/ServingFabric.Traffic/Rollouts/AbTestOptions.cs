namespace ServingFabric.Traffic.Rollouts;

/// <summary>How an A/B test splits traffic and decides.</summary>
[GenerateSerializer, Alias("sf.AbTestOptions")]
public sealed class AbTestOptions
{
    /// <summary>Share of traffic for the treatment (B), in percent. Default 50.</summary>
    [Id(0)]
    public double TreatmentPercent { get; set; } = 50;

    /// <summary>The metric that picks the winner. Default <see cref="AbMetric.Reward"/>.</summary>
    [Id(1)]
    public AbMetric PrimaryMetric { get; set; } = AbMetric.Reward;

    /// <summary>α of the two-sided mSPRT on the primary metric. Default 0.05.</summary>
    [Id(2)]
    public double Alpha { get; set; } = 0.05;

    /// <summary>mSPRT mixing scale for reward, in reward units: the smallest difference worth detecting. Default 0.1.</summary>
    [Id(3)]
    public double RewardTau { get; set; } = 0.1;

    /// <summary>mSPRT mixing scale for mean log-latency. Default ln 1.10.</summary>
    [Id(4)]
    public double LatencyTau { get; set; } = Math.Log(1.10);

    /// <summary>mSPRT mixing scale for the error-rate difference. Default 0.01.</summary>
    [Id(5)]
    public double ErrorRateTau { get; set; } = 0.01;

    /// <summary>Observations each arm needs before any test or interval may decide (burn-in). Default 500.</summary>
    [Id(6)]
    public long MinSamplesPerArm { get; set; } = 500;

    /// <summary>When either arm reaches this many requests without a winner, the test ends inconclusive. Default 100 000.</summary>
    [Id(7)]
    public long MaxSamplesPerArm { get; set; } = 100_000;

    /// <summary>No winner before this time has passed, so weekly and daily cycles average out. Default 1 hour.</summary>
    [Id(8)]
    public TimeSpan MinimumDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>α of the sample-ratio-mismatch test. Default 0.001.</summary>
    [Id(9)]
    public double SampleRatioAlpha { get; set; } = 0.001;

    /// <summary>Concentration of the sample-ratio test's Beta mixture. Default 10.</summary>
    [Id(10)]
    public double CountTestConcentration { get; set; } = 10.0;

    /// <summary>α of the guardrails' always-valid intervals. Default 0.05.</summary>
    [Id(11)]
    public double GuardrailAlpha { get; set; } = 0.05;

    /// <summary>A winning treatment's error-rate difference upper bound must lie below this. Default 0.005 (+0.5 pp).</summary>
    [Id(12)]
    public double ErrorRateMargin { get; set; } = 0.005;

    /// <summary>A winning treatment's log-latency difference upper bound must lie below this. Default ln 1.05.</summary>
    [Id(13)]
    public double LogLatencyMargin { get; set; } = Math.Log(1.05);

    /// <summary>An independent copy (a release keeps its own options while the defaults may change).</summary>
    public AbTestOptions Copy() => (AbTestOptions)MemberwiseClone();
}
