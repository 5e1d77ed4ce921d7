using System.Net;
using Orleans.Runtime;
using ServingFabric.Grains.Placement;

namespace ServingFabric.Grains.Tests.Placement;

/// <summary>Silo addresses and candidates for pure placement tests.</summary>
internal static class Silos
{
    public static SiloAddress Address(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + n), 1);

    public static PlacementCandidate InferenceSilo(int n, string zone, int load = 0) => new(Address(n), zone, true, load);

    public static PlacementCandidate GatewayOnly(int n, string zone) => new(Address(n), zone, false, 0);

    public static IReadOnlySet<SiloAddress> None { get; } = new HashSet<SiloAddress>();
}
