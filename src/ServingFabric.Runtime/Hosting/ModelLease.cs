namespace ServingFabric.Runtime.Hosting;

/// <summary>
/// A hold on a loaded model version. Dispose it when the replica deactivates: the last lease to go unloads the
/// version (batcher first, then the engine).
/// </summary>
public sealed class ModelLease : IAsyncDisposable
{
    private readonly ModelHost _host;
    private readonly ModelSlot _slot;
    private int _released;

    internal ModelLease(ModelHost host, ModelSlot slot, LoadedModel model)
    {
        _host = host;
        _slot = slot;
        Model = model;
    }

    /// <summary>The shared model version.</summary>
    public LoadedModel Model { get; }

    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _released, 1) == 0 ? new ValueTask(_host.ReleaseAsync(_slot)) : ValueTask.CompletedTask;
}
