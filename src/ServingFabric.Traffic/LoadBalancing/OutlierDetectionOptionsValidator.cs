namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>Rejects outlier-detection options that would eject everything or nothing by accident, naming the fix.</summary>
public static class OutlierDetectionOptionsValidator
{
    /// <summary>The problems found, each naming the setting under <paramref name="section"/> and a valid value; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(OutlierDetectionOptions options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ConsecutiveFailures < 0)
        {
            failures.Add($"{section}:ConsecutiveFailures is {options.ConsecutiveFailures}; set 0 (off) or more (default 5).");
        }

        if (!(options.FailureRateThreshold is > 0 and <= 1))
        {
            failures.Add($"{section}:FailureRateThreshold is {options.FailureRateThreshold}; set a share in (0, 1] such as 0.5.");
        }

        if (options.FailureRateWindow < 20)
        {
            failures.Add($"{section}:FailureRateWindow is {options.FailureRateWindow}; set 20 or more: fewer requests say little about a rate.");
        }

        if (options.BaseEjectionTime <= TimeSpan.Zero || options.MaxEjectionTime < options.BaseEjectionTime)
        {
            failures.Add($"{section}:BaseEjectionTime ({options.BaseEjectionTime}) must be positive and MaxEjectionTime ({options.MaxEjectionTime}) at least as long; defaults 00:00:10 and 00:05:00.");
        }

        if (!(options.MaxEjectedShare is >= 0 and <= 1))
        {
            failures.Add($"{section}:MaxEjectedShare is {options.MaxEjectedShare}; set a share in [0, 1] such as 0.5.");
        }

        return failures;
    }
}
