using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>Routing tables of model "m" for the front's collaborators' tests.</summary>
internal static class FrontTables
{
    /// <summary>Versions 1 (default) and 2, two replicas each.</summary>
    public static RoutingTable Table(long revision = 1, TrafficPolicy? traffic = null, AdmissionLimits? admission = null, bool deterministic = false) =>
        new("m", revision, Loaded: true, "1", [new VersionRoute("1", ["m/1/0", "m/1/1"]), new VersionRoute("2", ["m/2/0", "m/2/1"])], 8, deterministic, traffic, admission);
}
