namespace ServingFabric.Traffic.Rollouts;

/// <summary>How a canary release advances, and what rolls it back.</summary>
[GenerateSerializer, Alias("sf.CanaryOptions")]
public sealed class CanaryOptions
{
    /// <summary>
    /// The canary's traffic share at each step, in percent, strictly increasing. Default [10, 25, 50, 100].
    /// Meeting the criteria at the last step below 100 % promotes; a last step of 100 % is reached by promotion.
    /// </summary>
    [Id(0)]
    public double[] Steps { get; set; } = [10, 25, 50, 100];

    /// <summary>Requests each arm needs at a step before it may advance. Default 500.</summary>
    [Id(1)]
    public long MinRequestsPerArmPerStep { get; set; } = 500;

    /// <summary>Time each step lasts at least, so slow-burning faults (leaks, cache warm-up) can show. Default 60 s.</summary>
    [Id(2)]
    public TimeSpan MinStepDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Canary error rate above which it is rolled back at once, without a test. Default 0.05 (5 %).</summary>
    [Id(3)]
    public double HardGuardErrorRate { get; set; } = 0.05;

    /// <summary>Canary requests the hard guard needs before it may trip. Default 50.</summary>
    [Id(4)]
    public long HardGuardMinRequests { get; set; } = 50;

    /// <summary>α of the sample-ratio-mismatch test; small because a false freeze blocks a good release. Default 0.001.</summary>
    [Id(5)]
    public double SampleRatioAlpha { get; set; } = 0.001;

    /// <summary>α of each harm test (error count, slow-request count, log-latency mSPRT). Default 0.01.</summary>
    [Id(6)]
    public double HarmAlpha { get; set; } = 0.01;

    /// <summary>Concentration of the count tests' Beta mixture. Default 10.</summary>
    [Id(7)]
    public double CountTestConcentration { get; set; } = 10.0;

    /// <summary>mSPRT mixing scale for mean log-latency: the smallest slowdown worth detecting. Default ln 1.10 (10 % slower).</summary>
    [Id(8)]
    public double LatencyTau { get; set; } = Math.Log(1.10);

    /// <summary>mSPRT mixing scale for the error-rate difference used by non-inferiority. Default 0.01 (1 percentage point).</summary>
    [Id(9)]
    public double ErrorRateTau { get; set; } = 0.01;

    /// <summary>Observations each arm needs before any mSPRT or interval may decide (burn-in). Default 500.</summary>
    [Id(10)]
    public long MinSamplesPerArm { get; set; } = 500;

    /// <summary>α of the always-valid intervals used for non-inferiority. Default 0.05.</summary>
    [Id(11)]
    public double NonInferiorityAlpha { get; set; } = 0.05;

    /// <summary>The error-rate difference's upper bound must lie below this to advance. Default 0.005 (+0.5 percentage points).</summary>
    [Id(12)]
    public double ErrorRateMargin { get; set; } = 0.005;

    /// <summary>The log-latency difference's upper bound must lie below this to advance. Default ln 1.05 (5 % slower).</summary>
    [Id(13)]
    public double LogLatencyMargin { get; set; } = Math.Log(1.05);

    /// <summary>An independent copy (a release keeps its own options while the defaults may change).</summary>
    public CanaryOptions Copy()
    {
        var copy = (CanaryOptions)MemberwiseClone();
        copy.Steps = [.. Steps];
        return copy;
    }
}
