using Orleans.Runtime;
using ServingFabric.Grains.Placement;
using static ServingFabric.Grains.Tests.Placement.Silos;

namespace ServingFabric.Grains.Tests.Placement;

public sealed class BusySiloPlacementTests
{
    [Fact]
    public void Choose_BusySiloWouldBeChosen_TakesAnotherInTheZone()
    {
        PlacementCandidate[] silos = [InferenceSilo(0, "a"), InferenceSilo(1, "a"), InferenceSilo(2, "a")];
        var unconstrained = ZoneSpreadChoice.Choose(silos, "iris/1", 1, None)!;

        var chosen = ZoneSpreadChoice.Choose(silos, "iris/1", 1, None, new HashSet<SiloAddress> { unconstrained });

        Assert.NotEqual(unconstrained, chosen);
    }

    [Fact]
    public void Choose_OnlyASiloWithASiblingIsBelowTheLimit_PrefersItToABusyOne()
    {
        PlacementCandidate[] silos = [InferenceSilo(0, ""), InferenceSilo(1, "")];

        var chosen = ZoneSpreadChoice.Choose(silos, "iris/1", 1, new HashSet<SiloAddress> { Address(0) }, new HashSet<SiloAddress> { Address(1) });

        Assert.Equal(Address(0), chosen);
    }

    [Fact]
    public void Choose_EverySiloOfTheTargetZoneBusy_StaysInTheZone()
    {
        PlacementCandidate[] silos = [InferenceSilo(0, "a"), InferenceSilo(1, "b"), InferenceSilo(2, "b")];

        var chosen = ZoneSpreadChoice.Choose(silos, "iris/1", 0, None, new HashSet<SiloAddress> { Address(0) });

        Assert.Equal(Address(0), chosen);
    }

    [Fact]
    public void IsAboveLimits_ReadingAndLimitsKnown_ComparesEitherResource()
    {
        var hints = new ReplicaPlacementHints();
        hints.RecordSiloResources(Address(0), cpuPercent: 81, memoryPercent: 10);
        hints.RecordSiloResources(Address(1), cpuPercent: 10, memoryPercent: 90);
        hints.RecordSiloResources(Address(2), cpuPercent: 79, memoryPercent: 84);
        hints.SetResourceLimits("iris", maxCpuPercent: 80, maxMemoryPercent: 85);

        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(n => hints.IsAboveLimits("iris", Address(n))));
        Assert.False(hints.IsAboveLimits("other", Address(0)));
        Assert.False(hints.IsAboveLimits("iris", Address(3)));
    }
}
