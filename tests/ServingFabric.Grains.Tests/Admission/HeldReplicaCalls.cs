using Orleans;

namespace ServingFabric.Grains.Tests.Admission;

/// <summary>
/// Holds replica <c>Infer</c> calls at the replica until the test releases them, so a test knows exactly how many
/// requests are in service: a replica that is slow, without touching production code.
/// </summary>
public sealed class HeldReplicaCalls
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _release = Released();
    private int _arrived;
    private TaskCompletionSource? _arrivals;
    private int _awaitedArrivals;

    /// <summary>Calls from now on wait at the replica until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrived = 0;
        }
    }

    /// <summary>Lets every held call (and later ones) through.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _release.TrySetResult();
        }
    }

    /// <summary>Completes once <paramref name="count"/> calls have reached the replica since <see cref="Hold"/>.</summary>
    public Task ArrivedAsync(int count)
    {
        lock (_lock)
        {
            if (_arrived >= count)
            {
                return Task.CompletedTask;
            }

            _awaitedArrivals = count;
            _arrivals = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _arrivals.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    internal Task OnInferAsync()
    {
        lock (_lock)
        {
            _arrived++;
            if (_arrivals is not null && _arrived >= _awaitedArrivals)
            {
                _arrivals.TrySetResult();
            }

            return _release.Task;
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }
}

/// <summary>The filter that makes replica calls pass <see cref="HeldReplicaCalls"/>.</summary>
internal sealed class HeldReplicaCallsFilter(HeldReplicaCalls held) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IModelReplicaGrain) && context.InterfaceMethod.Name == nameof(IModelReplicaGrain.Infer))
        {
            await held.OnInferAsync();
        }

        await context.Invoke();
    }
}
