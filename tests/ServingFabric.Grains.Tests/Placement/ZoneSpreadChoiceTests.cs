using ServingFabric.Grains.Placement;
using static ServingFabric.Grains.Tests.Placement.Silos;

namespace ServingFabric.Grains.Tests.Placement;

public sealed class ZoneSpreadChoiceTests
{
    [Fact]
    public void Choose_ThreeZonesThreeReplicas_OnePerZone()
    {
        PlacementCandidate[] silos = [InferenceSilo(0, "c"), InferenceSilo(1, "a"), InferenceSilo(2, "b")];

        var chosen = Enumerable.Range(0, 3).Select(i => ZoneSpreadChoice.Choose(silos, "iris/1", i, None)).ToList();

        Assert.Equal([Address(1), Address(2), Address(0)], chosen);
    }

    [Fact]
    public void Choose_TwoZonesThreeReplicas_SpreadsTwoPlusOne()
    {
        PlacementCandidate[] silos = [InferenceSilo(0, "a"), InferenceSilo(1, "b"), InferenceSilo(2, "a")];
        var placed = new HashSet<Orleans.Runtime.SiloAddress>();

        var zones = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var silo = ZoneSpreadChoice.Choose(silos, "iris/1", i, placed)!;
            placed.Add(silo);
            zones.Add(silos.Single(s => s.Silo.Equals(silo)).Zone);
        }

        Assert.Equal(["a", "b", "a"], zones);
        Assert.Equal(3, placed.Count);
    }

    [Fact]
    public void Choose_GatewayOnlySilos_NeverChosen()
    {
        PlacementCandidate[] silos = [GatewayOnly(0, "a"), InferenceSilo(1, "b"), GatewayOnly(2, "c")];

        var chosen = Enumerable.Range(0, 4).Select(i => ZoneSpreadChoice.Choose(silos, "iris/1", i, None)).Distinct().ToList();

        Assert.Equal([Address(1)], chosen);
    }

    [Fact]
    public void Choose_NoInferenceSilo_ReturnsNull() =>
        Assert.Null(ZoneSpreadChoice.Choose([GatewayOnly(0, "a")], "iris/1", 0, None));

    [Fact]
    public void Choose_SiblingOnOneSiloOfZone_PrefersTheOther()
    {
        PlacementCandidate[] silos = [InferenceSilo(0, "a"), InferenceSilo(1, "a")];

        Assert.Equal(Address(1), ZoneSpreadChoice.Choose(silos, "iris/1", 0, new HashSet<Orleans.Runtime.SiloAddress> { Address(0) }));
        Assert.Equal(Address(0), ZoneSpreadChoice.Choose(silos, "iris/1", 0, new HashSet<Orleans.Runtime.SiloAddress> { Address(1) }));
    }

    [Fact]
    public void Choose_NoSiblings_PrefersLeastLoadedInZone()
    {
        PlacementCandidate[] silos = [InferenceSilo(0, "a", load: 5), InferenceSilo(1, "a", load: 2), InferenceSilo(2, "b", load: 0)];

        Assert.Equal(Address(1), ZoneSpreadChoice.Choose(silos, "iris/1", 0, None));
    }

    [Fact]
    public void Choose_SameInputs_SameChoiceWhicheverSiloAsks()
    {
        PlacementCandidate[] silos = [InferenceSilo(0, "a"), InferenceSilo(1, "a"), InferenceSilo(2, "a")];
        PlacementCandidate[] shuffled = [silos[2], silos[0], silos[1]];

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(ZoneSpreadChoice.Choose(silos, "m/v", i, None), ZoneSpreadChoice.Choose(shuffled, "m/v", i, None));
        }
    }

    [Fact]
    public void TargetZone_MoreReplicasThanZones_WrapsRound() =>
        Assert.Equal(["a", "b", "a", "b"], Enumerable.Range(0, 4).Select(i => ZoneSpreadChoice.TargetZone(["a", "b"], i)));
}
