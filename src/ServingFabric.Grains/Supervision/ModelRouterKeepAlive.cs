using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace ServingFabric.Grains.Supervision;

/// <summary>
/// Touches the router of every catalogued model at an interval. A router activation dies with its silo, and with
/// it the supervisor's timer; nothing else calls an idle model's router, so without this a model whose router was
/// lost would not get its replicas back until traffic arrived.
/// </summary>
internal sealed partial class ModelRouterKeepAlive(
    IGrainFactory grains,
    IOptions<ReplicaSupervisorOptions> options,
    TimeProvider time,
    ILogger<ModelRouterKeepAlive> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ModelRouterKeepAlive), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(options.Value.RouterKeepAliveInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await TouchRoutersAsync();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private async Task TouchRoutersAsync()
    {
        try
        {
            var models = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels();
            await Task.WhenAll(models.Select(model => grains.GetGrain<IModelRouterGrain>(model).GetSpec()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTouchFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the model routers to keep their supervisors running; retrying at the next interval (ServingFabric:Supervisor:RouterKeepAliveInterval). Check the cluster's health if this repeats.")]
    private static partial void LogTouchFailed(ILogger logger, Exception exception);
}
