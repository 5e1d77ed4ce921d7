using Orleans.Storage;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// What an operator's change does when storage cannot take it. The change is applied to the state in memory first
/// and written after; if the write fails, keeping the change in memory would make it live for this activation (fronts
/// would route by it) while the caller hears it failed, and a later write would store it anyway, or it would vanish
/// with the activation. So the state goes back to its copy from before the change, and the caller gets a 503 with
/// Retry-After: nothing changed, the same request can simply be sent again.
/// </summary>
internal sealed partial class ModelRouterGrain
{
    /// <summary>Seconds a caller should wait before retrying a refused change: a short storage blip is over by then.</summary>
    internal const int StorageRetryAfterSeconds = 5;

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or InconsistentStateException or RouterStateNotStoredException))
        {
            // InconsistentStateException passes through: Orleans deactivates the grain on it, so the next call reads fresh state.
            throw new RouterStateNotStoredException($"router state of model '{Model}' could not be written: {ex.Message}", ex);
        }
    }

    /// <summary>Runs an operator's change; when storage refuses its write, restores the state from before and answers 503.</summary>
    private async Task<T> StoredAsync<T>(Func<Task<T>> change)
    {
        var before = _copier.Copy(State);
        try
        {
            return await change();
        }
        catch (RouterStateNotStoredException ex)
        {
            _state.State = before;
            _table = null;
            LogChangeNotStored(_logger, ex.InnerException ?? ex, Model, StorageRetryAfterSeconds);
            throw new InferenceException(
                InferenceErrorKind.Unavailable,
                $"model '{Model}': the change was not applied because the router's storage is unavailable; nothing changed, retry in {StorageRetryAfterSeconds} s")
            {
                RetryAfterSeconds = StorageRetryAfterSeconds,
            };
        }
    }

    private async Task StoredAsync(Func<Task> change) => await StoredAsync(async () =>
    {
        await change();
        return true;
    });
}
