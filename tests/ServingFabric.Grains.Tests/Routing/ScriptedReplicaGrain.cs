using ServingFabric.Grains.Placement;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>A replica grain whose status and move answer what the test scripts; it records what placement would be told.</summary>
internal sealed class ScriptedReplicaGrain : IModelReplicaGrain
{
    public TaskCompletionSource<ReplicaStatus> Status { get; } = new();

    public TaskCompletionSource Moved { get; } = new();

    /// <summary>The sibling silos in the request context while the move was asked for.</summary>
    public object? SiblingSilosSeen { get; private set; }

    public Task<ReplicaStatus> GetStatus() => Status.Task;

    public Task Relocate()
    {
        SiblingSilosSeen = RequestContext.Get(ZoneSpreadPlacementDirector.SiblingSilosKey);
        return Moved.Task;
    }

    public Task Unload() => Task.CompletedTask;

    public Task<InferenceResponse> Infer(InferenceRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ReplicaStatus> EnsureLoaded(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
