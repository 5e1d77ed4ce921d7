using Microsoft.Extensions.Logging;
using ServingFabric.Grains.Deployment;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Hosting;

/// <summary>
/// For a repository kept elsewhere (a blob container): the first sync before the silo loads its models, then a sync
/// every poll interval, deploying each model that gained a version or a new config so the routers serve it.
/// </summary>
internal sealed partial class ModelRepositoryPolling(IModelRepositorySync sync, ModelDeployer deployer, TimeProvider time, ILogger logger)
{
    /// <summary>Syncs once; a failure is logged and the silo goes on with what its cache holds.</summary>
    public async Task SyncBeforeLoadAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var changed = await sync.SyncAsync(cancellationToken);
            LogFirstSync(logger, changed.Count, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSyncFailed(logger, ex);
        }
    }

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(sync.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await PollOnceAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo stops.
        }
    }

    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> changed;
        try
        {
            changed = await sync.SyncAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSyncFailed(logger, ex);
            return;
        }

        foreach (var model in changed)
        {
            try
            {
                LogDeployingChanged(logger, model);
                await deployer.LoadAsync(model, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeployFailed(logger, ex, model);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model repository synced before loading in {Milliseconds:F0} ms: {Count} model(s) changed in the cache")]
    private static partial void LogFirstSync(ILogger logger, int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Syncing the model repository failed; the silo serves what its cache holds and tries again at the next poll")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} changed in the repository (a new version or config); deploying it")]
    private static partial void LogDeployingChanged(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} changed in the repository but could not be deployed; fix it there, or POST /v2/repository/models/{Model}/load once it is fixed")]
    private static partial void LogDeployFailed(ILogger logger, Exception exception, string model);
}
