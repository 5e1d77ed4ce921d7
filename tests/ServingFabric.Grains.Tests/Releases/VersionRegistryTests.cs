using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>The versions registry on the router's state, without a cluster.</summary>
public sealed class VersionRegistryTests
{
    private static readonly string Sha = new('a', 64);

    [Fact]
    public void Register_NewVersion_IsActiveWithWhoAndWhyInItsEvent()
    {
        var harness = new ReleaseHarness("1");

        var info = Change(harness, (registry, change) => registry.Register(new VersionRegistration("2", "https://store/m/2.onnx", Sha.ToUpperInvariant()), ReleaseHarness.Operator("new weights"), change));

        Assert.Equal(new ModelVersionInfo("2", VersionLifecycle.Active, false, "https://store/m/2.onnx", Sha, harness.Time.GetUtcNow(), "alice", 0), info);
        Assert.Equal(["1", "2"], harness.Registry.Active);
        var registered = Assert.Single(harness.Events);
        Assert.Equal((ModelEventKind.VersionRegistered, "alice"), (registered.Kind, registered.Actor));
        Assert.Contains("new weights", registered.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v2", "a", InferenceErrorKind.InvalidInput)]
    [InlineData("2", "xyz", InferenceErrorKind.InvalidInput)]
    [InlineData("1", "a", InferenceErrorKind.Conflict)]
    public void Register_BadOrActiveVersion_IsRefusedAndChangesNothing(string version, string shaChar, InferenceErrorKind expected)
    {
        var harness = new ReleaseHarness("1");
        var sha = shaChar.Length == 1 ? new string(shaChar[0], 64) : shaChar;

        var error = Assert.Throws<InferenceException>(() => Change(harness, (registry, change) => registry.Register(new VersionRegistration(version, "file:///m", sha), ReleaseHarness.Operator("x"), change)));

        Assert.Equal(expected, error.Kind);
        Assert.Empty(harness.Events);
        Assert.Equal(["1"], harness.Registry.Active);
    }

    [Fact]
    public void Register_RetiredVersion_ReactivatesIt()
    {
        var harness = new ReleaseHarness("1", "2");
        Change(harness, (registry, change) => registry.Retire("2", ReleaseHarness.Operator("old"), change));

        Change(harness, (registry, change) => registry.Register(new VersionRegistration("2", "file:///m/2", Sha), ReleaseHarness.Operator("fixed"), change));

        Assert.Equal(["1", "2"], harness.Registry.Active);
        Assert.Contains("reactivated", harness.Events[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetDefault_ThenRollbackDefault_SwapsBackWithEvents()
    {
        var harness = new ReleaseHarness("1", "2");

        Change(harness, (registry, change) => registry.SetDefault("2", ReleaseHarness.Operator("faster"), change));
        var restored = Change(harness, (registry, change) => registry.RollbackDefault(new ChangeAuthor("bob", "regression"), change));

        Assert.Equal("1", restored);
        Assert.Equal("1", harness.Registry.Default);
        Assert.Equal("2", harness.State.PreviousDefault);
        Assert.Equal([("alice", "faster"), ("bob", "regression")], harness.Events.Select(e => (e.Actor!, e.Message[(e.Message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..])));
        Assert.All(harness.Events, e => Assert.Equal(ModelEventKind.DefaultVersionChanged, e.Kind));
    }

    [Fact]
    public void RollbackDefault_WithoutPrevious_IsAConflict()
    {
        var harness = new ReleaseHarness("1", "2");

        var error = Assert.Throws<InferenceException>(() => Change(harness, (registry, change) => registry.RollbackDefault(ReleaseHarness.Operator("oops"), change)));

        Assert.Equal(InferenceErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public void Retire_DefaultOrUnknownVersion_IsRefused()
    {
        var harness = new ReleaseHarness("1", "2");

        var ofDefault = Assert.Throws<InferenceException>(() => Change(harness, (registry, change) => registry.Retire("1", ReleaseHarness.Operator("x"), change)));
        var unknown = Assert.Throws<InferenceException>(() => Change(harness, (registry, change) => registry.Retire("9", ReleaseHarness.Operator("x"), change)));

        Assert.Equal((InferenceErrorKind.Conflict, InferenceErrorKind.NotFound), (ofDefault.Kind, unknown.Kind));
    }

    [Fact]
    public void Retire_AnArmOfARunningRelease_IsAConflict()
    {
        var harness = new ReleaseHarness("1", "2");
        harness.Do((controller, change) => controller.StartCanary(new CanaryRequest("2"), ReleaseHarness.Operator("go"), _ => null, change));

        var error = Assert.Throws<InferenceException>(() => Change(harness, (registry, change) => registry.Retire("2", ReleaseHarness.Operator("x"), change)));

        Assert.Equal(InferenceErrorKind.Conflict, error.Kind);
        Assert.Contains("canary-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyncWithRepository_RescanAfterChanges_KeepsRetiredRegisteredAndOperatorDefault()
    {
        var harness = new ReleaseHarness("1", "2", "3");
        Change(harness, (registry, change) => registry.Register(new VersionRegistration("4", "file:///m/4", Sha), ReleaseHarness.Operator("new"), change));
        Change(harness, (registry, change) => registry.SetDefault("3", ReleaseHarness.Operator("promote by hand"), change));
        Change(harness, (registry, change) => registry.Retire("2", ReleaseHarness.Operator("old"), change));

        // A silo restarts: the repository still has 1, 2 and 3 (4 not yet copied there) and config.json says default 1.
        harness.Spec = harness.Spec with { Versions = ["1", "2", "3", "5"] };
        harness.Registry.SyncWithRepository();

        Assert.Equal(["1", "3", "4", "5"], harness.Registry.Active);
        Assert.Equal("3", harness.Registry.Default);
        var described = harness.Registry.Describe([]);
        Assert.Equal(["1", "2", "3", "4", "5"], described.Select(v => v.Version));
        Assert.Equal(VersionLifecycle.Retired, described.Single(v => v.Version == "2").Lifecycle);
        Assert.Equal(100, described.Single(v => v.Version == "3").TrafficPercent);
    }

    [Fact]
    public void SyncWithRepository_VersionGoneFromRepository_IsNoLongerActive()
    {
        var harness = new ReleaseHarness("1", "2");

        harness.Spec = harness.Spec with { Versions = ["1"] };

        Assert.Equal(["1"], harness.Registry.Active);
    }

    [Theory]
    [InlineData(90, 20)]
    [InlineData(-10, 110)]
    public void SetTraffic_WeightsNotSummingTo100_IsInvalid(double first, double second)
    {
        var harness = new ReleaseHarness("1", "2");

        var error = Assert.Throws<InferenceException>(() => Change(harness, (registry, change) =>
            registry.SetTraffic(new TrafficSettings([new("1", first), new("2", second)], null), ReleaseHarness.Operator("split"), change)));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Empty(harness.State.Weights);
    }

    [Fact]
    public void SetTraffic_SplitAndMirror_AppearsInThePolicy()
    {
        var harness = new ReleaseHarness("1", "2", "3");

        Change(harness, (registry, change) => registry.SetTraffic(new TrafficSettings([new("2", 20), new("1", 80)], new MirrorPolicy("3", 5)), ReleaseHarness.Operator("shadow 3"), change));

        var policy = harness.Controller.CurrentTrafficPolicy()!;
        Assert.Equal([new VersionWeight("1", 80), new VersionWeight("2", 20)], policy.Weights);
        Assert.Equal(new MirrorPolicy("3", 5), policy.Mirror);
        Assert.Null(policy.Experiment);
        Assert.Equal(ModelEventKind.TrafficChanged, Assert.Single(harness.Events).Kind);
        var conflict = Assert.Throws<InferenceException>(() => harness.Do((c, ch) => c.StartCanary(new CanaryRequest("2"), ReleaseHarness.Operator("go"), _ => null, ch)));
        Assert.Equal(InferenceErrorKind.Conflict, conflict.Kind);
    }

    [Theory]
    [InlineData(10, 404, 0, 0)]
    [InlineData(150, 503, 0, 0)]
    [InlineData(0, 503, 50, 61)]
    [InlineData(0, 503, 0, 0)]
    public void SetFault_OutOfRange_IsInvalid(double abortPercent, int status, double delayPercent, int delaySeconds)
    {
        var harness = new ReleaseHarness("1", "2");
        var fault = new FaultInjection("2", abortPercent, status, delayPercent, TimeSpan.FromSeconds(delaySeconds));

        var error = Assert.Throws<InferenceException>(() => Change(harness, (registry, change) => registry.SetFault("2", fault, ReleaseHarness.Operator("drill"), change)));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
    }

    [Fact]
    public void SetFault_ThenClear_IsInThePolicyAndEvents()
    {
        var harness = new ReleaseHarness("1", "2");
        var fault = new FaultInjection("2", 20, 503, 10, TimeSpan.FromMilliseconds(200));

        Change(harness, (registry, change) => registry.SetFault("2", fault, ReleaseHarness.Operator("drill"), change));
        var policy = harness.Controller.CurrentTrafficPolicy();
        Change(harness, (registry, change) => registry.SetFault("2", null, ReleaseHarness.Operator("drill over"), change));

        Assert.Equal([fault], policy!.Faults!);
        Assert.Null(harness.Controller.CurrentTrafficPolicy());
        Assert.Equal([ModelEventKind.FaultInjectionChanged, ModelEventKind.FaultInjectionChanged], harness.Events.Select(e => e.Kind));
        Assert.Contains("20 % of requests fail with 503", harness.Events[0].Message, StringComparison.Ordinal);
    }

    private static T Change<T>(ReleaseHarness harness, Func<Grains.Releases.VersionRegistry, Grains.Releases.ReleaseChange, T> action)
    {
        T result = default!;
        harness.Do((controller, change) => result = action(controller.Registry, change));
        return result;
    }

    private static void Change(ReleaseHarness harness, Action<Grains.Releases.VersionRegistry, Grains.Releases.ReleaseChange> action) =>
        harness.Do((controller, change) => action(controller.Registry, change));
}
