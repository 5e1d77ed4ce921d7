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

        if (options.RoutingTableRefreshWait < TimeSpan.Zero)
        {
            failures.Add($"{section}:RoutingTableRefreshWait is {options.RoutingTableRefreshWait}; set 00:00:00 (never wait for a refresh once a table is cached) or more, such as 00:00:00.250.");
        }

        Positive(options.AttemptTimeout, nameof(options.AttemptTimeout), "00:00:05");
        Positive(options.StatusRefreshInterval, nameof(options.StatusRefreshInterval), "00:00:01");
        Positive(options.StatusTimeout, nameof(options.StatusTimeout), "00:00:02");
        Positive(options.OutcomeFlushInterval, nameof(options.OutcomeFlushInterval), "00:00:01");
        Positive(options.UnsentOutcomeRetention, nameof(options.UnsentOutcomeRetention), "00:01:00");
        Positive(options.FeedbackWindow, nameof(options.FeedbackWindow), "00:10:00");
        if (options.UnsentOutcomeRetention > TimeSpan.Zero && options.UnsentOutcomeRetention < options.OutcomeFlushInterval)
        {
            failures.Add($"{section}:UnsentOutcomeRetention ({options.UnsentOutcomeRetention}) is shorter than OutcomeFlushInterval ({options.OutcomeFlushInterval}), so a failed flush could never be retried; set it to several intervals, such as 00:01:00.");
        }

        Positive(options.KnownModelsRefreshInterval, nameof(options.KnownModelsRefreshInterval), "00:00:05");
        Positive(options.KnownModelsMissRefreshInterval, nameof(options.KnownModelsMissRefreshInterval), "00:00:01");
        if (!double.IsFinite(options.FeedbackRewardMin) || !double.IsFinite(options.FeedbackRewardMax) || options.FeedbackRewardMin >= options.FeedbackRewardMax)
        {
            failures.Add($"{section}:FeedbackRewardMin ({options.FeedbackRewardMin}) and FeedbackRewardMax ({options.FeedbackRewardMax}) must be finite numbers with the minimum below the maximum, such as -1 and 1.");
        }

        if (options.FeedbackCapacity < 1)
        {
            failures.Add($"{section}:FeedbackCapacity is {options.FeedbackCapacity}; set how many answered requests to remember for feedback, such as 100000.");
        }

        if (options.MirrorMaxInFlight < 1)
        {
            failures.Add($"{section}:MirrorMaxInFlight is {options.MirrorMaxInFlight}; set at least 1, such as 32 (to stop mirroring, clear the model's mirror policy instead).");
        }

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
