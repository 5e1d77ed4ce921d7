using ServingFabric.Grains.Placement;
using static ServingFabric.Grains.Tests.Placement.Silos;

namespace ServingFabric.Grains.Tests.Placement;

public sealed class ReplicaPlacementHintsTests
{
    [Fact]
    public void SiblingSilos_OtherReplicasOfVersion_ExcludesOwnIndexAndOtherVersions()
    {
        var hints = new ReplicaPlacementHints();
        hints.Record("iris/1/0", Address(0));
        hints.Record("iris/1/1", Address(1));
        hints.Record("iris/2/0", Address(2));
        hints.Record("iris/1/1", Address(3));

        Assert.Equal([Address(3)], hints.SiblingSilos("iris", "1", exceptIndex: 0));
        Assert.Equal([Address(0)], hints.SiblingSilos("iris", "1", exceptIndex: 1));
        Assert.Equal(1, hints.LoadOf(Address(0)));
        Assert.Equal(0, hints.LoadOf(Address(1)));
    }
}
