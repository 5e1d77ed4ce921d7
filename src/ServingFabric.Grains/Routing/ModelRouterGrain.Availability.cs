using Microsoft.Extensions.Logging;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// The availability SLI's counts: every front report adds to them; they are written with the state at most every
/// 10 s (with the supervisor's round) and when the router deactivates, so a crash of the router's silo loses at most
/// the last 10 s of counts (and a graceful move none).
/// </summary>
internal sealed partial class ModelRouterGrain
{
    private static readonly TimeSpan AvailabilitySaveInterval = TimeSpan.FromSeconds(10);
    private DateTimeOffset? _availabilityUnsavedSince;

    private void RecordAvailability(ServingFabric.Releases.OutcomeReport report)
    {
        var now = _time.GetUtcNow();
        if (AvailabilityLedger.Record(State.Availability, report, now))
        {
            _availabilityUnsavedSince ??= now;
        }
    }

    public Task ReportProbe(string? version, bool good)
    {
        // A version name the router does not know (a caller's invention) counts under the default, as does a probe that failed before any version answered.
        if (State.Spec is { } spec && State.Loaded)
        {
            var versions = _releases.Versions(spec);
            var counted = version is not null && versions.Active.Contains(version) ? version : versions.Default;
            AvailabilityLedger.RecordProbe(State.Probes, counted, good, _time.GetUtcNow());
            _availabilityUnsavedSince ??= _time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    /// <summary>True when counts have waited 10 s to be written; trims buckets that left every window.</summary>
    private bool AvailabilityDue()
    {
        var now = _time.GetUtcNow();
        AvailabilityLedger.Trim(State.Availability, now);
        AvailabilityLedger.Trim(State.Probes, now);
        return _availabilityUnsavedSince is { } since && now - since >= AvailabilitySaveInterval;
    }

    private async Task SaveAvailabilityAsync(CancellationToken cancellationToken)
    {
        if (_availabilityUnsavedSince is null || State.Spec is null)
        {
            return;
        }

        try
        {
            await _state.WriteStateAsync(cancellationToken);
            _availabilityUnsavedSince = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAvailabilityNotSaved(_logger, ex, Model);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The router of model {Model} could not write its availability counts while deactivating; the SLI windows lose the requests since the last write (at most 10 s). Check the grain storage (Azure Table) if this repeats")]
    private static partial void LogAvailabilityNotSaved(ILogger logger, Exception exception, string model);
}
