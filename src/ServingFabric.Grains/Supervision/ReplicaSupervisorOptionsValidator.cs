using Microsoft.Extensions.Options;

namespace ServingFabric.Grains.Supervision;

internal sealed class ReplicaSupervisorOptionsValidator : IValidateOptions<ReplicaSupervisorOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplicaSupervisorOptions options)
    {
        var failures = new List<string>();
        var section = ReplicaSupervisorOptions.SectionName;
        if (options.ProbeInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:ProbeInterval is {options.ProbeInterval}; set a positive time such as 00:00:02.");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:ProbeTimeout is {options.ProbeTimeout}; set a positive time such as 00:00:05.");
        }

        if (options.EventLogCapacity < 1)
        {
            failures.Add($"{section}:EventLogCapacity is {options.EventLogCapacity}; set 1 or more (default 500).");
        }

        if (options.RouterKeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:RouterKeepAliveInterval is {options.RouterKeepAliveInterval}; set a positive time such as 00:00:15.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
