using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Fronts;
using ServingFabric.Inference;
using ServingFabric.Releases;
using static ServingFabric.Grains.Tests.Fronts.FrontTables;

namespace ServingFabric.Grains.Tests.Fronts;

public sealed class VersionChooserTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Choose_NoVersionNamed_RoutesToTheDefaultVersion()
    {
        var choice = new VersionChooser(_time).Choose(Table(), Request(version: null));

        Assert.Equal(("1", "1"), (choice.Traffic.Version, choice.Route.Version));
        Assert.Equal(["m/1/0", "m/1/1"], choice.Route.ReplicaKeys);
    }

    [Fact]
    public void Choose_VersionTheTableLacks_ThrowsNotFoundListingTheVersions()
    {
        var error = Assert.Throws<InferenceException>(() => new VersionChooser(_time).Choose(Table(), Request(version: "7")));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("model 'm' has no version '7'; versions: 1, 2", error.Message);
    }

    [Fact]
    public void PlanFor_SameTableTwice_PreparesThePlanOnce()
    {
        var chooser = new VersionChooser(_time);
        var table = Table();

        Assert.Same(chooser.PlanFor(table), chooser.PlanFor(table));
        Assert.NotSame(chooser.PlanFor(table), chooser.PlanFor(Table(revision: 2)));
    }

    [Fact]
    public async Task InjectFaultsAsync_AbortFault_Throws503NamingHowToClearIt()
    {
        var chooser = new VersionChooser(_time);
        var table = Table(traffic: TrafficPolicy.None with { Faults = [new FaultInjection("1", 100, 503, 0, TimeSpan.Zero)] });
        var request = Request(version: "1");

        var error = await Assert.ThrowsAsync<InferenceException>(
            async () => await chooser.InjectFaultsAsync(table, chooser.Choose(table, request), request, _time.GetUtcNow().AddSeconds(5), default));

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal("fault injected by an operator for version 1 (abort 100%); clear it with DELETE /v1/models/m/versions/1/fault", error.Message);
    }

    [Fact]
    public async Task InjectFaultsAsync_DelayPastTheDeadline_WaitsUntilTheDeadlineThenThrows504()
    {
        var chooser = new VersionChooser(_time);
        var table = Table(traffic: TrafficPolicy.None with { Faults = [new FaultInjection("1", 0, 503, 100, TimeSpan.FromSeconds(10))] });
        var request = Request(version: "1");
        var deadline = _time.GetUtcNow().AddSeconds(2);

        var waiting = chooser.InjectFaultsAsync(table, chooser.Choose(table, request), request, deadline, default).AsTask();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<InferenceException>(() => waiting);
        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal($"deadline exceeded: model 'm' did not answer by {deadline:O}; raise the request timeout or reduce load", error.Message);
    }

    [Fact]
    public async Task InjectFaultsAsync_NoFault_CompletesAtOnce()
    {
        var chooser = new VersionChooser(_time);
        var table = Table();

        var injected = chooser.InjectFaultsAsync(table, chooser.Choose(table, Request(null)), Request(null), _time.GetUtcNow().AddSeconds(1), default);

        Assert.True(injected.IsCompletedSuccessfully);
        await injected;
    }

    private static InferenceRequest Request(string? version) => new("r1", "m", version, []);
}
