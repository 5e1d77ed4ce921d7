using Microsoft.Extensions.Options;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Scaling;

internal sealed class ReplicaScalingOptionsValidator : IValidateOptions<ReplicaScalingOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplicaScalingOptions options)
    {
        var section = ReplicaScalingOptions.SectionName;
        var failures = new List<string>();
        RequirePositive(failures, $"{section}:MetricWindow", options.MetricWindow, "00:00:10");
        RequirePositive(failures, $"{section}:DrainTimeout", options.DrainTimeout, "00:00:30");
        RequirePositive(failures, $"{section}:ResourceRefreshInterval", options.ResourceRefreshInterval, "00:00:02");
        RequirePositive(failures, $"{section}:DefaultQueueTimeout", options.DefaultQueueTimeout, "00:00:05");
        if (options.DrainDelay < TimeSpan.Zero || options.DrainDelay > options.DrainTimeout)
        {
            failures.Add($"{section}:DrainDelay is {options.DrainDelay}; set from 0 to DrainTimeout ({options.DrainTimeout}), such as 00:00:02 (twice ServingFabric:Inference:RoutingTableTtl).");
        }

        if (options.MinLatencySamples < 1)
        {
            failures.Add($"{section}:MinLatencySamples is {options.MinLatencySamples}; set 1 or more (default 20).");
        }

        if (options.RecentDecisions < 1)
        {
            failures.Add($"{section}:RecentDecisions is {options.RecentDecisions}; set 1 or more (default 20).");
        }

        failures.AddRange(ReplicaAutoscalerOptionsValidator.Validate(options.Policy ?? new(), $"{section}:Policy"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string setting, TimeSpan value, string example)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} is {value}; set a positive time such as {example}.");
        }
    }
}
