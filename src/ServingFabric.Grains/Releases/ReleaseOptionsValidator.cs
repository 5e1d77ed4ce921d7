using Microsoft.Extensions.Options;
using ServingFabric.Traffic.Rollouts;

namespace ServingFabric.Grains.Releases;

/// <summary>Fails start-up on release defaults the policies would reject, naming the setting and the fix.</summary>
internal sealed class ReleaseOptionsValidator : IValidateOptions<ReleaseOptions>
{
    public ValidateOptionsResult Validate(string? name, ReleaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, "Canary", () => _ = new CanaryPolicy(options.Canary, TimeProvider.System));
        Check(failures, "AbTest", () => _ = new AbTestPolicy(options.AbTest, TimeProvider.System));
        if (options.LatencyBaselineWindow < TimeSpan.FromSeconds(10))
        {
            failures.Add($"{ReleaseOptions.SectionName}:LatencyBaselineWindow must be at least 00:00:10 (default 00:10:00); got {options.LatencyBaselineWindow}.");
        }

        if (!(options.SlowQuantile is > 0.5 and < 1))
        {
            failures.Add($"{ReleaseOptions.SectionName}:SlowQuantile must lie between 0.5 and 1 (default 0.95); got {options.SlowQuantile}.");
        }

        if (options.CheckpointInterval <= TimeSpan.Zero)
        {
            failures.Add($"{ReleaseOptions.SectionName}:CheckpointInterval must be positive (default 00:00:30); got {options.CheckpointInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string section, Action create)
    {
        try
        {
            create();
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{ReleaseOptions.SectionName}:{section}: {ex.Message} Fix the setting or remove it to take the default.");
        }
    }
}
