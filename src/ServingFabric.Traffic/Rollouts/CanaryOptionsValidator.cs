namespace ServingFabric.Traffic.Rollouts;

/// <summary>Rejects canary options that would make the policy meaningless, naming the setting and the fix.</summary>
internal static class CanaryOptionsValidator
{
    public static void Validate(CanaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var steps = options.Steps ?? [];
        if (steps.Length == 0 || steps.Any(s => !(s is > 0 and <= 100)) || steps.Zip(steps.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new ArgumentException($"CanaryOptions.Steps must be strictly increasing percentages in (0, 100], e.g. [10, 25, 50, 100]; got [{string.Join(", ", steps)}].", nameof(options));
        }

        if (steps[0] >= 100)
        {
            throw new ArgumentException("CanaryOptions.Steps must start below 100 %: a canary needs traffic on the stable version to compare with.", nameof(options));
        }

        RequireProbability(options.SampleRatioAlpha, nameof(CanaryOptions.SampleRatioAlpha));
        RequireProbability(options.HarmAlpha, nameof(CanaryOptions.HarmAlpha));
        RequireProbability(options.NonInferiorityAlpha, nameof(CanaryOptions.NonInferiorityAlpha));
        RequireProbability(options.HardGuardErrorRate, nameof(CanaryOptions.HardGuardErrorRate));
        RequirePositive(options.CountTestConcentration, nameof(CanaryOptions.CountTestConcentration));
        RequirePositive(options.LatencyTau, nameof(CanaryOptions.LatencyTau));
        RequirePositive(options.ErrorRateTau, nameof(CanaryOptions.ErrorRateTau));
        RequirePositive(options.ErrorRateMargin, nameof(CanaryOptions.ErrorRateMargin));
        RequirePositive(options.LogLatencyMargin, nameof(CanaryOptions.LogLatencyMargin));
        if (options.MinSamplesPerArm < 2)
        {
            throw new ArgumentException($"CanaryOptions.MinSamplesPerArm must be at least 2 (500 recommended); got {options.MinSamplesPerArm}.", nameof(options));
        }

        if (options.MinRequestsPerArmPerStep < 0 || options.HardGuardMinRequests < 1 || options.MinStepDuration < TimeSpan.Zero)
        {
            throw new ArgumentException("CanaryOptions.MinRequestsPerArmPerStep and MinStepDuration must not be negative, and HardGuardMinRequests must be at least 1.", nameof(options));
        }
    }

    private static void RequireProbability(double value, string name)
    {
        if (!(value is > 0 and < 1))
        {
            throw new ArgumentException($"CanaryOptions.{name} must lie strictly between 0 and 1; got {value}.", name);
        }
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"CanaryOptions.{name} must be positive and finite; got {value}.", name);
        }
    }
}
