using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Supervision;

namespace ServingFabric.Grains.Routing;

/// <summary>Calls replica grains, bounding probes and moves by ServingFabric:Supervisor:ProbeTimeout.</summary>
internal sealed class ReplicaGrainCalls(IGrainFactory grains, ReplicaSupervisorOptions options, TimeProvider time) : IReplicaCalls
{
    public async Task<ReplicaProbe> ProbeAsync(string replicaKey)
    {
        try
        {
            // GetStatus answers at once; a fresh activation starts loading its model in OnActivateAsync.
            var status = await grains.GetGrain<IModelReplicaGrain>(replicaKey).GetStatus().WaitAsync(options.ProbeTimeout, time);
            return ReplicaProbe.Answered(status);
        }
        catch (Exception ex)
        {
            return ReplicaProbe.Failed(ex is TimeoutException ? $"no answer within {options.ProbeTimeout.TotalSeconds:0.#} s" : ex.Message);
        }
    }

    public async Task RelocateAsync(string replicaKey, string siblingSilos)
    {
        // The replica migrates on the silo it leaves; the request context tells that silo's placement where the
        // version's other replicas are, so the move lands on a silo that has none.
        RequestContext.Set(ZoneSpreadPlacementDirector.SiblingSilosKey, siblingSilos);
        try
        {
            await grains.GetGrain<IModelReplicaGrain>(replicaKey).Relocate().WaitAsync(options.ProbeTimeout, time);
        }
        finally
        {
            RequestContext.Remove(ZoneSpreadPlacementDirector.SiblingSilosKey);
        }
    }

    public Task UnloadAsync(string replicaKey) => grains.GetGrain<IModelReplicaGrain>(replicaKey).Unload();
}
