using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>A replica grain that answers as the test says and counts the requests it was sent.</summary>
internal sealed class FakeReplica(Func<InferenceRequest, Task<InferenceResponse>>? infer = null, ReplicaStatus? status = null) : IModelReplicaGrain
{
    public int Calls { get; private set; }

    public Task<InferenceResponse> Infer(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        Calls++;
        return infer is null ? Task.FromResult(new InferenceResponse(request.Id, request.ModelName, request.ModelVersion!, [])) : infer(request);
    }

    public Task<ReplicaStatus> EnsureLoaded(CancellationToken cancellationToken = default) => GetStatus();

    public Task<ReplicaStatus> GetStatus() => status is null ? throw new NotSupportedException("no status set") : Task.FromResult(status);

    public Task Unload() => Task.CompletedTask;

    public Task Relocate() => Task.CompletedTask;
}
