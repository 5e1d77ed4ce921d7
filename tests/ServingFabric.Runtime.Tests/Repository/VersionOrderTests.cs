using ServingFabric.Runtime.Repository;

namespace ServingFabric.Runtime.Tests.Repository;

public sealed class VersionOrderTests
{
    [Fact]
    public void Compare_MixedVersions_NumericByValueThenOthersOrdinal()
    {
        string[] versions = ["b", "10", "2", "A", "1", "99999999999999999999999", "02", "a"];

        var sorted = versions.Order(VersionOrder.Instance).ToArray();

        Assert.Equal(["1", "02", "2", "10", "99999999999999999999999", "A", "a", "b"], sorted);
    }
}
