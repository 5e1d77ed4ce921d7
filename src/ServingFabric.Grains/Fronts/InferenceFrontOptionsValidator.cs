using Microsoft.Extensions.Options;
using ServingFabric.Traffic.LoadBalancing;

namespace ServingFabric.Grains.Fronts;

internal sealed class InferenceFrontOptionsValidator : IValidateOptions<InferenceFrontOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceFrontOptions options)
    {
        var section = InferenceFrontOptions.SectionName;
        var failures = new List<string>();
        Positive(options.DefaultTimeout, nameof(options.DefaultTimeout), "00:00:30");
        if (options.RoutingTableTtl < TimeSpan.Zero)
        {
            failures.Add($"{section}:RoutingTableTtl is {options.RoutingTableTtl}; set 00:00:00 (ask the router on every request) or more, such as 00:00:01.");
        }

        Positive(options.AttemptTimeout, nameof(options.AttemptTimeout), "00:00:05");
        Positive(options.StatusRefreshInterval, nameof(options.StatusRefreshInterval), "00:00:01");
        Positive(options.StatusTimeout, nameof(options.StatusTimeout), "00:00:02");
        if (options.OutlierDetection is null)
        {
            failures.Add($"{section}:OutlierDetection is missing; remove the override to get the defaults.");
        }
        else
        {
            failures.AddRange(OutlierDetectionOptionsValidator.Validate(options.OutlierDetection, $"{section}:OutlierDetection"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string setting, string example)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{section}:{setting} is {value}; set a positive time such as {example}.");
            }
        }
    }
}
