using Orleans;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>An incoming call filter registered only in tests: every replica <c>Infer</c> passes <see cref="ReplicaFaults"/> first.</summary>
internal sealed class ReplicaFaultFilter(ReplicaFaults faults) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IModelReplicaGrain) && context.InterfaceMethod.Name == nameof(IModelReplicaGrain.Infer))
        {
            await faults.OnInferAsync(context.TargetId.Key.ToString()!);
        }

        await context.Invoke();
    }
}
