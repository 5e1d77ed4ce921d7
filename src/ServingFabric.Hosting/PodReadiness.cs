using System.Globalization;
using Orleans.Runtime;
using ServingFabric.Health;
using ServingFabric.Runtime.Hosting;

namespace ServingFabric.Hosting;

/// <summary>
/// Pod readiness from what this silo knows of itself: its serving state, its own membership entry, and the model
/// versions its model host holds. A version whose load failed is not held (the host drops it), so a broken artifact
/// never counts here: <c>/v2/models/{m}/ready</c>, the operator view and the event log report it instead.
/// </summary>
internal sealed class PodReadiness(
    SiloServingState state,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ModelHost models) : IPodReadiness
{
    public ReadinessFailure? Check(TimeSpan loadGrace)
    {
        if (state.IsDraining)
        {
            return new(ReadinessConditions.Draining, "server is draining: it is shutting down and takes no new work");
        }

        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            return new(ReadinessConditions.Membership,
                $"this silo's cluster membership is {status}, not Active: it is still joining (or leaving) the cluster; see the silo's log if it stays so");
        }

        if (!state.IsStartupComplete)
        {
            return new(ReadinessConditions.Routing, "the model repository is still being loaded into the routers");
        }

        foreach (var held in models.GetLoadedModels())
        {
            if (held.State == Models.ReplicaState.Loading && held.LoadingFor > loadGrace)
            {
                return new(ReadinessConditions.Models, string.Create(CultureInfo.InvariantCulture,
                    $"model '{held.ModelName}' version '{held.Version}' has been loading on this silo for {held.LoadingFor.TotalSeconds:0} s, longer than ServingFabric:Gateway:ReadinessLoadGrace ({loadGrace.TotalSeconds:0} s); check the silo's log for the load, or raise the grace for large models"));
            }
        }

        return null;
    }
}
