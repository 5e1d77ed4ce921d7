using ServingFabric.Grains.Tests.Releases;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Grains.Tests.Scaling;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>The router's versions registry through the grain API, in a cluster.</summary>
[Collection(ReleaseClusterCollection.Name)]
public sealed class RouterVersionsTests(ReleaseClusterFixture fixture)
{
    [Fact]
    public async Task RegisterVersion_ThenDefaultRollbackRetire_ChangesTheTableWithEventsOfWhoAndWhy()
    {
        var router = await fixture.LoadModelAsync("versions-life", "1");
        var mark = (await router.GetEvents(0)).Max(e => e.Sequence);
        var sha = fixture.AddVersionFolder("versions-life", "2");

        var registered = await router.RegisterVersion(new VersionRegistration("2", "file:///imports/versions-life/2.onnx", sha), new ChangeAuthor("alice", "retrained on March data"));
        var afterRegister = (await router.GetRoutingTable())!;
        await router.SetDefaultVersion("2", new ChangeAuthor("bob", "2 is better offline"));
        var afterDefault = (await router.GetRoutingTable())!;
        var restored = await router.RollbackDefault(new ChangeAuthor("carol", "2 regressed on-call metrics"));
        await router.RetireVersion("2", new ChangeAuthor("dave", "2 is abandoned"));
        var afterRetire = (await router.GetRoutingTable())!;

        Assert.Equal((VersionLifecycle.Active, "alice", sha), (registered.Lifecycle, registered.RegisteredBy, registered.Sha256));
        Assert.Equal(["1", "2"], afterRegister.Versions.Select(v => v.Version));
        Assert.Equal("2", afterDefault.DefaultVersion);
        Assert.Equal("1", restored);
        Assert.Equal("1", afterRetire.DefaultVersion);
        Assert.Equal(["1"], afterRetire.Versions.Select(v => v.Version));
        Assert.True(afterRegister.Revision < afterDefault.Revision && afterDefault.Revision < afterRetire.Revision);
        var events = await router.GetEvents(mark);
        Assert.Equal(
            [
                (ModelEventKind.VersionRegistered, "alice", "retrained on March data"),
                (ModelEventKind.DefaultVersionChanged, "bob", "2 is better offline"),
                (ModelEventKind.DefaultVersionChanged, "carol", "2 regressed on-call metrics"),
                (ModelEventKind.VersionRetired, "dave", "2 is abandoned"),
            ],
            events.Select(e => (e.Kind, e.Actor!, e.Message[(e.Message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..])));
        var versions = await router.GetVersions();
        Assert.Equal([("1", VersionLifecycle.Active, true), ("2", VersionLifecycle.Retired, false)], versions.Select(v => (v.Version, v.Lifecycle, v.IsDefault)));

        // The retired version's replica refuses to load again: the router no longer routes to it. If the supervisor
        // loaded it before the retirement, that activation serves out the drain delay and is unloaded on a later
        // round; the next activation is the one that must refuse.
        var replicaGrain = fixture.Client.GetGrain<IModelReplicaGrain>(ReplicaKey.Format("versions-life", "2", 0));
        var replica = await ScalingWaits.UntilAsync(() => replicaGrain.EnsureLoaded(), status => status.Error is not null,
            "the retired version's replica refuses to load", status => $"{status.State}: {status.Error ?? "no error"}");
        Assert.Contains("has no version '2' deployed", replica.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_FromTheRepositoryAgain_KeepsRetiredRegisteredAndOperatorDefault()
    {
        var router = await fixture.LoadModelAsync("versions-rescan", "1", "2", "3");
        var sha = fixture.AddVersionFolder("versions-elsewhere", "4");
        await router.RegisterVersion(new VersionRegistration("4", "file:///imports/4.onnx", sha, SetDefault: true), new ChangeAuthor("alice", "new default"));
        await router.RetireVersion("2", new ChangeAuthor("alice", "old"));

        // A silo restart loads the repository again: versions 1, 2, 3, default 1 in config.json.
        await fixture.Deployer.LoadAsync("versions-rescan", CancellationToken.None);

        var table = (await router.GetRoutingTable())!;
        Assert.Equal(["1", "3", "4"], table.Versions.Select(v => v.Version));
        Assert.Equal("4", table.DefaultVersion);
    }

    [Fact]
    public async Task RegisterVersion_BadInput_FailsWithTheRightKind()
    {
        var router = await fixture.LoadModelAsync("versions-bad", "1");

        var badSha = await Assert.ThrowsAsync<InferenceException>(() => router.RegisterVersion(new VersionRegistration("2", "file:///x", "abc"), new ChangeAuthor("alice", "x")));
        var active = await Assert.ThrowsAsync<InferenceException>(() => router.RegisterVersion(new VersionRegistration("1", "file:///x", new string('0', 64)), new ChangeAuthor("alice", "x")));
        var unknown = await Assert.ThrowsAsync<InferenceException>(() => router.SetDefaultVersion("7", new ChangeAuthor("alice", "x")));
        var retireDefault = await Assert.ThrowsAsync<InferenceException>(() => router.RetireVersion("1", new ChangeAuthor("alice", "x")));

        Assert.Equal(
            [InferenceErrorKind.InvalidInput, InferenceErrorKind.Conflict, InferenceErrorKind.NotFound, InferenceErrorKind.Conflict],
            new[] { badSha.Kind, active.Kind, unknown.Kind, retireDefault.Kind });
        Assert.Contains("64 hexadecimal", badSha.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetTrafficAndFaults_AppearInTheRoutingTableAndStatus()
    {
        var router = await fixture.LoadModelAsync("versions-traffic", "1", "2", "3");
        var fault = new FaultInjection("2", 25, 503, 0, TimeSpan.Zero);

        await router.SetTraffic(new TrafficSettings([new VersionWeight("1", 70), new VersionWeight("2", 30)], new MirrorPolicy("3", 10)), new ChangeAuthor("alice", "try 2"));
        await router.SetFaultInjection("2", fault, new ChangeAuthor("alice", "rehearse a rollback"));

        var traffic = (await router.GetRoutingTable())!.Traffic!;
        Assert.Equal([new VersionWeight("1", 70), new VersionWeight("2", 30)], traffic.Weights);
        Assert.Equal(new MirrorPolicy("3", 10), traffic.Mirror);
        Assert.Equal([fault], traffic.Faults!);
        var status = (await router.GetStatus())!;
        Assert.Equal([70.0, 30.0, 0.0], status.Registry!.Select(v => v.TrafficPercent));
        Assert.Equal([ModelEventKind.TrafficChanged, ModelEventKind.FaultInjectionChanged], status.RecentEvents.TakeLast(2).Select(e => e.Kind));
    }
}
