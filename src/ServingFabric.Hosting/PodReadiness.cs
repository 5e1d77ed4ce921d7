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

        return SlowLoad(models.GetLoadedModels(), loadGrace);
    }

    /// <summary>The condition <c>models</c>: the first version held here that has been loading for longer than the grace.</summary>
    internal static ReadinessFailure? SlowLoad(IEnumerable<LoadedModelInfo> held, TimeSpan loadGrace)
    {
        foreach (var version in held)
        {
            if (version.State == Models.ReplicaState.Loading && version.LoadingFor > loadGrace)
            {
                return new(ReadinessConditions.Models, string.Create(CultureInfo.InvariantCulture,
                    $"model '{version.ModelName}' version '{version.Version}' has been loading on this silo for {version.LoadingFor.TotalSeconds:0} s, longer than ServingFabric:Gateway:ReadinessLoadGrace ({loadGrace.TotalSeconds:0} s); check the silo's log for the load, or raise the grace for large models"));
            }
        }

        return null;
    }
}
