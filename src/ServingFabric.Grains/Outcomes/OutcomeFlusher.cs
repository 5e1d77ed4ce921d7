using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Grains.Fronts;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Outcomes;

/// <summary>
/// Sends each model's outcomes on this silo to its router every <see cref="InferenceFrontOptions.OutcomeFlushInterval"/>
/// (the input of canary, A/B and autoscaling decisions), all models at once so one slow router holds up no other.
/// A report the router does not take is kept and merged into the next, for at most
/// <see cref="InferenceFrontOptions.UnsentOutcomeRetention"/>; a last flush goes out when the silo stops.
/// </summary>
internal sealed partial class OutcomeFlusher(
    OutcomeCollector collector,
    IGrainFactory grains,
    IOptions<InferenceFrontOptions> options,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<OutcomeFlusher> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _interval = options.Value.OutcomeFlushInterval;
    private readonly TimeSpan _retention = options.Value.UnsentOutcomeRetention;
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OutcomeFlusher), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // What the fronts saw since the last tick still counts for releases in progress.
        await FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private Task FlushAsync() => Task.WhenAll(collector.Models.Select(FlushModelAsync));

    private async Task FlushModelAsync(ModelOutcomes outcomes)
    {
        var now = time.GetUtcNow();
        if (outcomes.TakeMirrorsDropped() is > 0 and var dropped)
        {
            LogMirrorsDropped(logger, dropped, outcomes.Model, collector.MirrorLimit);
        }

        if (outcomes.TakeReport($"fronts on silo {silo.SiloAddress}", now) is not { } report)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IModelRouterGrain>(outcomes.Model).ReportOutcomes(report).ConfigureAwait(false);
            outcomes.Delivered();
        }
        catch (Exception ex)
        {
            Undelivered(outcomes, report, now, ex);
        }
    }

    private void Undelivered(ModelOutcomes outcomes, OutcomeReport report, DateTimeOffset now, Exception exception)
    {
        switch (outcomes.Undelivered(report, now, _retention))
        {
            case UndeliveredOutcome.KeptFirstFailure:
                LogFlushFailed(logger, exception, outcomes.Model, OutcomeReports.RequestsIn(report), _retention);
                break;
            case UndeliveredOutcome.Kept:
                LogFlushStillFailing(logger, outcomes.Model, exception.Message);
                break;
            case UndeliveredOutcome.Dropped:
                LogOutcomesDropped(logger, outcomes.Model, OutcomeReports.RequestsIn(report), report.Interval, _retention);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the outcomes of model {Model} ({Requests} requests) to its router; they are kept and sent with the next flush for up to {Retention}, and its releases and autoscaling wait for them. Check that the router's silo is up.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string model, long requests, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The router of model {Model} still does not take outcomes ({Reason}); kept for the next flush")]
    private static partial void LogFlushStillFailing(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the outcomes of model {Model} ({Requests} requests over {Interval}): its router took none for {Retention} (ServingFabric:Inference:UnsentOutcomeRetention). Its releases and autoscaling missed them; check the router's silo and the cluster's health.")]
    private static partial void LogOutcomesDropped(ILogger logger, string model, long requests, TimeSpan interval, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} mirrored copies of model {Model}'s requests: this silo already had {Limit} mirrored requests in flight. Raise ServingFabric:Inference:MirrorMaxInFlight, lower the model's mirror share, or add replicas to the mirror version.")]
    private static partial void LogMirrorsDropped(ILogger logger, long count, string model, int limit);
}
