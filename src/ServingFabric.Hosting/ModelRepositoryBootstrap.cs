using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using ServingFabric.Grains.Deployment;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Hosting;

/// <summary>
/// Once the silo is active, loads every model of the repository in the background: the silo answers liveness at
/// once, and readiness only after the models are loaded and warmed. A repository kept elsewhere (blob) is synced into
/// its cache first, so no version is served before it is downloaded and verified, and then polled for new versions.
/// </summary>
internal sealed partial class ModelRepositoryBootstrap(
    ModelDeployer deployer, IModelRepository repository, SiloServingState state, TimeProvider time, ILogger<ModelRepositoryBootstrap> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loading = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ModelRepositoryBootstrap), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loading = Task.Run(LoadAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoadAsync()
    {
        var started = time.GetTimestamp();
        var polling = repository is IModelRepositorySync sync ? new ModelRepositoryPolling(sync, deployer, time, logger) : null;
        try
        {
            if (polling is not null)
            {
                await polling.SyncBeforeLoadAsync(_stopping.Token);
            }

            await deployer.LoadAllAsync(_stopping.Token);
            LogLoaded(logger, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
        }

        state.MarkStartupComplete();
        if (polling is not null)
        {
            await polling.PollAsync(_stopping.Token);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model repository loaded in {Milliseconds:F0} ms; the silo is ready")]
    private static partial void LogLoaded(ILogger logger, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the model repository failed; models can still be loaded with POST /v2/repository/models/<name>/load")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
