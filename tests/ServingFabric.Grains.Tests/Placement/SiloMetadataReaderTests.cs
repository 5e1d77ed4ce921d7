using ServingFabric.Grains.Placement;
using static ServingFabric.Grains.Tests.Placement.Silos;

namespace ServingFabric.Grains.Tests.Placement;

public sealed class SiloMetadataReaderTests
{
    [Fact]
    public void Of_SiloWithoutMetadataCache_IsEmptySoItCountsAsAnInferenceSiloInNoZone()
    {
        var metadata = new SiloMetadataReader(cache: null).Of(Address(1));

        Assert.Empty(metadata);
        Assert.True(SiloTopology.HasInferenceRole(metadata));
    }
}
