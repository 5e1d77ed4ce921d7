namespace ServingFabric.Traffic.Rollouts;

/// <summary>Rejects A/B options that would make the policy meaningless, naming the setting and the fix.</summary>
internal static class AbTestOptionsValidator
{
    public static void Validate(AbTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(options.TreatmentPercent is > 0 and < 100, nameof(AbTestOptions.TreatmentPercent), options.TreatmentPercent, "a percentage strictly between 0 and 100 (50 splits evenly)");
        Require(options.Alpha is > 0 and < 1, nameof(AbTestOptions.Alpha), options.Alpha, "strictly between 0 and 1");
        Require(options.SampleRatioAlpha is > 0 and < 1, nameof(AbTestOptions.SampleRatioAlpha), options.SampleRatioAlpha, "strictly between 0 and 1");
        Require(options.GuardrailAlpha is > 0 and < 1, nameof(AbTestOptions.GuardrailAlpha), options.GuardrailAlpha, "strictly between 0 and 1");
        Require(options.RewardTau > 0 && !double.IsInfinity(options.RewardTau), nameof(AbTestOptions.RewardTau), options.RewardTau, "positive and finite");
        Require(options.LatencyTau > 0 && !double.IsInfinity(options.LatencyTau), nameof(AbTestOptions.LatencyTau), options.LatencyTau, "positive and finite");
        Require(options.ErrorRateTau > 0 && !double.IsInfinity(options.ErrorRateTau), nameof(AbTestOptions.ErrorRateTau), options.ErrorRateTau, "positive and finite");
        Require(options.CountTestConcentration > 0 && !double.IsInfinity(options.CountTestConcentration), nameof(AbTestOptions.CountTestConcentration), options.CountTestConcentration, "positive and finite");
        Require(options.ErrorRateMargin > 0, nameof(AbTestOptions.ErrorRateMargin), options.ErrorRateMargin, "positive");
        Require(options.LogLatencyMargin > 0, nameof(AbTestOptions.LogLatencyMargin), options.LogLatencyMargin, "positive");
        Require(options.MinSamplesPerArm >= 2, nameof(AbTestOptions.MinSamplesPerArm), options.MinSamplesPerArm, "at least 2 (500 recommended)");
        Require(options.MaxSamplesPerArm >= options.MinSamplesPerArm, nameof(AbTestOptions.MaxSamplesPerArm), options.MaxSamplesPerArm, "at least MinSamplesPerArm");
        Require(options.MinimumDuration >= TimeSpan.Zero, nameof(AbTestOptions.MinimumDuration), options.MinimumDuration, "zero or more");
        Require(Enum.IsDefined(options.PrimaryMetric), nameof(AbTestOptions.PrimaryMetric), options.PrimaryMetric, "Reward, Latency or Errors");
    }

    private static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentException($"AbTestOptions.{name} must be {expected}; got {value}.", name);
        }
    }
}
