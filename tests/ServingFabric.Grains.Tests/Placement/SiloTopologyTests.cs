using ServingFabric.Grains.Placement;
using static ServingFabric.Grains.Tests.Placement.Silos;

namespace ServingFabric.Grains.Tests.Placement;

public sealed class SiloTopologyTests
{
    [Theory]
    [InlineData("gateway,inference", true)]
    [InlineData(" Inference ", true)]
    [InlineData("gateway", false)]
    [InlineData("", false)]
    public void HasInferenceRole_Roles_ReadsCommaSeparatedList(string roles, bool expected) =>
        Assert.Equal(expected, SiloTopology.HasInferenceRole(new Dictionary<string, string> { ["roles"] = roles }));

    [Fact]
    public void HasInferenceRole_NoRolesEntry_CountsAsBoth() =>
        Assert.True(SiloTopology.HasInferenceRole(new Dictionary<string, string> { ["zone"] = "a" }));

    [Fact]
    public void Describe_SomeSilosWithMetadata_PassesOverSilosWhoseMetadataIsNotKnownYet()
    {
        var metadata = new Dictionary<Orleans.Runtime.SiloAddress, IReadOnlyDictionary<string, string>>
        {
            [Address(0)] = new Dictionary<string, string> { ["zone"] = "a", ["roles"] = "gateway,inference" },
            [Address(1)] = new Dictionary<string, string>(),
            [Address(2)] = new Dictionary<string, string> { ["zone"] = "b", ["roles"] = "gateway" },
        };

        var candidates = SiloTopology.Describe(metadata.Keys, s => metadata[s], _ => 0);

        Assert.Equal([true, false, false], candidates.Select(c => c.IsInference));
        Assert.Equal(["a", "", "b"], candidates.Select(c => c.Zone));
    }

    [Fact]
    public void Describe_NoSiloWithMetadata_AllInferenceInOneZone()
    {
        var candidates = SiloTopology.Describe([Address(1), Address(0)], _ => new Dictionary<string, string>(), s => s.Equals(Address(0)) ? 3 : 0);

        Assert.All(candidates, c => Assert.True(c.IsInference));
        Assert.Equal([Address(0), Address(1)], candidates.Select(c => c.Silo));
        Assert.Equal([3, 0], candidates.Select(c => c.Load));
    }
}
