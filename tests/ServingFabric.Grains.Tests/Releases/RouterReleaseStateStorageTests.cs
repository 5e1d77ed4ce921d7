using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using ServingFabric.Grains.Releases;
using ServingFabric.Grains.Routing;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>
/// RouterReleaseState moved from the Routing namespace to Releases. The silo's default storage serializer (JSON) names
/// CLR types in what it stores, so state written before the move must still read, and state written now must not
/// depend on where the type lives.
/// </summary>
[Collection(ReleaseClusterCollection.Name)]
public sealed partial class RouterReleaseStateStorageTests(ReleaseClusterFixture fixture)
{
    [Fact]
    public void Deserialize_StateStoredBeforeTheMove_ReadsItsVersions()
    {
        var serializer = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IGrainStorageSerializer>();
        var state = new ModelRouterState { Releases = new RouterReleaseState { DefaultVersion = "2", Versions = { ["2"] = new VersionRecord { Version = "2" } } } };
        var stored = serializer.Serialize(state).ToString();
        var storedBeforeTheMove = ReleasesObject().Replace(stored, "$0\"$$type\":\"ServingFabric.Grains.Routing.RouterReleaseState, ServingFabric.Grains\",", 1);
        Assert.NotEqual(stored, storedBeforeTheMove);

        var read = serializer.Deserialize<ModelRouterState>(BinaryData.FromString(storedBeforeTheMove));

        Assert.Equal("2", read!.Releases.DefaultVersion);
        Assert.Equal(["2"], read.Releases.Versions.Keys);
        Assert.DoesNotContain(nameof(RouterReleaseState), stored, StringComparison.Ordinal);
    }

    [GeneratedRegex("\"Releases\":\\{\"\\$id\":\"\\d+\",")]
    private static partial Regex ReleasesObject();
}
