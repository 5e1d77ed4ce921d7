namespace ServingFabric.Traffic.Rollouts;

/// <summary>How an A/B test splits traffic and decides.</summary>
public sealed class AbTestOptions
{
    /// <summary>Share of traffic for the treatment (B), in percent. Default 50.</summary>
    public double TreatmentPercent { get; set; } = 50;

    /// <summary>The metric that picks the winner. Default <see cref="AbMetric.Reward"/>.</summary>
    public AbMetric PrimaryMetric { get; set; } = AbMetric.Reward;

    /// <summary>α of the two-sided mSPRT on the primary metric. Default 0.05.</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>mSPRT mixing scale for reward, in reward units: the smallest difference worth detecting. Default 0.1.</summary>
    public double RewardTau { get; set; } = 0.1;

    /// <summary>mSPRT mixing scale for mean log-latency. Default ln 1.10.</summary>
    public double LatencyTau { get; set; } = Math.Log(1.10);

    /// <summary>mSPRT mixing scale for the error-rate difference. Default 0.01.</summary>
    public double ErrorRateTau { get; set; } = 0.01;

    /// <summary>Observations each arm needs before any test or interval may decide (burn-in). Default 500.</summary>
    public long MinSamplesPerArm { get; set; } = 500;

    /// <summary>When either arm reaches this many requests without a winner, the test ends inconclusive. Default 100 000.</summary>
    public long MaxSamplesPerArm { get; set; } = 100_000;

    /// <summary>No winner before this time has passed, so weekly and daily cycles average out. Default 1 hour.</summary>
    public TimeSpan MinimumDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>α of the sample-ratio-mismatch test. Default 0.001.</summary>
    public double SampleRatioAlpha { get; set; } = 0.001;

    /// <summary>Concentration of the sample-ratio test's Beta mixture. Default 10.</summary>
    public double CountTestConcentration { get; set; } = 10.0;

    /// <summary>α of the guardrails' always-valid intervals. Default 0.05.</summary>
    public double GuardrailAlpha { get; set; } = 0.05;

    /// <summary>A winning treatment's error-rate difference upper bound must lie below this. Default 0.005 (+0.5 pp).</summary>
    public double ErrorRateMargin { get; set; } = 0.005;

    /// <summary>A winning treatment's log-latency difference upper bound must lie below this. Default ln 1.05.</summary>
    public double LogLatencyMargin { get; set; } = Math.Log(1.05);
}
