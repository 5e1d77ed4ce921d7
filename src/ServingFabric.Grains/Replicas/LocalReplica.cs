using System.Diagnostics;
using ServingFabric.Inference;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Telemetry;

namespace ServingFabric.Grains.Replicas;

/// <summary>
/// A loaded replica's request path, shared by its grain and by the request path of its own silo
/// (<see cref="LocalReplicas"/>): a request whose chosen replica lives on this silo runs here directly, without the two
/// grain messages and thread hand-offs of a call to the replica's activation. Thread-safe: front activations and the
/// gateway's threads call it at once.
/// What a failure asks of the replica (leave a failed GPU, count engine failures) runs on the grain's own scheduler.
/// Closing it (the grain leaving) sends later calls back through the grain and waits for the calls inside it, so the
/// model is never released under a running request.
/// </summary>
internal sealed class LocalReplica
{
    private readonly CallDrain _calls = new();
    private readonly Action<LoadedModel, InferenceException> _onFailure;
    private readonly Orleans.Runtime.IWorkItemScheduler _grainScheduler;
    private readonly string _silo;
    private int _consecutiveEngineFailures;

    public LocalReplica(string key, LoadedModel model, string silo, Orleans.Runtime.IWorkItemScheduler grainScheduler, Action<LoadedModel, InferenceException> onFailure)
    {
        Key = key;
        Model = model;
        _silo = silo;
        _grainScheduler = grainScheduler;
        _onFailure = onFailure;
    }

    public string Key { get; }

    public LoadedModel Model { get; }

    /// <summary>Requests running on this replica now, through the grain or directly.</summary>
    public int InFlight => _calls.Inside;

    /// <summary>Counts a call in, unless the replica is leaving; every successful enter is followed by one <see cref="RunAsync"/>.</summary>
    public bool TryEnter() => _calls.TryEnter();

    /// <summary>Runs an entered call on the model and counts it out.</summary>
    public async Task<InferenceResponse> RunAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        using var span = FabricTracing.Replica.StartActivity("replica infer");
        span?.SetTag(FabricTracing.Tags.Replica, Key);
        span?.SetTag(FabricTracing.Tags.Silo, _silo);
        try
        {
            var response = await Model.InferAsync(request, cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _consecutiveEngineFailures) != 0)
            {
                Volatile.Write(ref _consecutiveEngineFailures, 0);
            }

            return response;
        }
        catch (InferenceException ex)
        {
            Fail(span, ex);
            throw;
        }
        finally
        {
            _calls.Exit();
        }
    }

    /// <summary>One more engine failure in a row; the count so far.</summary>
    public int CountEngineFailure() => Interlocked.Increment(ref _consecutiveEngineFailures);

    /// <summary>
    /// Sends later calls through the grain (which is leaving) and completes when the calls inside have finished.
    /// </summary>
    public Task CloseAsync() => _calls.CloseAsync();

    private void Fail(Activity? span, InferenceException ex)
    {
        FabricTracing.Fail(span, InferenceOutcomes.Of(ex.Kind), ex.Message);
        if (Model.GpuFault is not null || ex.Kind == InferenceErrorKind.Internal)
        {
            var model = Model;
            _grainScheduler.QueueAction(() => _onFailure(model, ex));
        }
    }
}
