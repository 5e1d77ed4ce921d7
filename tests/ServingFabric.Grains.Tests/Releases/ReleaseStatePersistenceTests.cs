using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using ServingFabric.Grains.Routing;
using ServingFabric.Releases;
using Xunit.Abstractions;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>
/// A router state with a running canary survives the grain storage serializers: the silo's default (which the memory
/// storage and Azure Table storage take unless told otherwise) and the Orleans binary one. The proof is behaviour:
/// the copy and the original make the same decisions on the same traffic afterwards.
/// </summary>
[Collection(ReleaseClusterCollection.Name)]
public sealed class ReleaseStatePersistenceTests(ReleaseClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly SimulatedArm Stable = new();

    [Fact]
    public void DefaultStorageSerializer_IsTheOneRouterStorageUses()
    {
        var services = fixture.Cluster.GetSiloServiceProvider();
        var silo = services.GetRequiredService<IGrainStorageSerializer>();
        var memory = services.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(ServingFabricStorage.Name).GrainStorageSerializer;

        output.WriteLine($"silo default IGrainStorageSerializer: {silo.GetType().FullName}; router storage ({ServingFabricStorage.Name}): {memory?.GetType().FullName}");
        Assert.Same(silo.GetType(), memory?.GetType());
    }

    [Theory]
    [InlineData("silo default", "canary", 1)]
    [InlineData("silo default", "canary", 8)]
    [InlineData("silo default", "ab", 3)]
    [InlineData("orleans binary", "canary", 8)]
    [InlineData("orleans binary", "ab", 3)]
    public void RoundTrip_StateWithRunningRelease_MakesTheSameDecisionsAfterwards(string serializerName, string kind, int flushesBefore)
    {
        var services = fixture.Cluster.GetSiloServiceProvider();
        IGrainStorageSerializer serializer = serializerName == "silo default"
            ? services.GetRequiredService<IGrainStorageSerializer>()
            : new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        var original = new ReleaseHarness("1", "2", "3");
        original.WarmBaseline(new SimulatedFronts(201), "1", Stable);
        original.Do((c, ch) => _ = kind == "canary"
            ? c.StartCanary(new CanaryRequest("2"), ReleaseHarness.Operator("ship 2"), original.Baseline, ch)
            : c.StartAbTest(new AbTestRequest("2", MinimumDuration: TimeSpan.FromMinutes(10)), ReleaseHarness.Operator("compare"), original.Baseline, ch));
        var candidate = kind == "canary" ? Stable with { ErrorRate = 0.02 } : Stable with { RewardMean = 0.6 };
        original.Run(new SimulatedFronts(202), Stable, Stable, requestsPerFlush: 1000, maxFlushes: flushesBefore);
        Assert.True(original.State.ReleaseRunning);

        var stored = serializer.Serialize(new ModelRouterState { Spec = original.Spec, Loaded = true, Revision = 7, Releases = original.State });
        var readBack = serializer.Deserialize<ModelRouterState>(stored);
        Assert.NotNull(readBack);
        var copy = new ReleaseHarness(readBack.Releases, readBack.Spec!, original.Time.GetUtcNow());
        output.WriteLine($"{serializer.GetType().Name}: {stored.ToArray().Length} bytes");

        Assert.Equal(Describe(original.Controller.CurrentView()!), Describe(copy.Controller.CurrentView()!));
        Assert.Equal(original.Controller.CurrentTrafficPolicy()!.Experiment, copy.Controller.CurrentTrafficPolicy()!.Experiment);
        var before = original.Events.Count;
        original.Run(new SimulatedFronts(203), Stable, candidate, requestsPerFlush: 1000, maxFlushes: 2000);
        copy.Run(new SimulatedFronts(203), Stable, candidate, requestsPerFlush: 1000, maxFlushes: 2000);
        Assert.NotEmpty(copy.Events);
        Assert.Equal(original.Events.Skip(before).Select(e => (e.Kind, e.Message)), copy.Events.Select(e => (e.Kind, e.Message)));
        Assert.Equal(Describe(original.Controller.CurrentView()!), Describe(copy.Controller.CurrentView()!));
        Assert.False(copy.State.ReleaseRunning);
        output.WriteLine(copy.Events[0].Message);
    }

    private static string Describe(ExperimentView view) =>
        $"{view.Id} {view.Status} {view.CandidatePercent} {view.StepIndex} [{string.Join(",", view.Steps)}] {view.StartedAt:O} {view.StepStartedAt:O} {view.Decision} {view.Reason}\n" +
        string.Join("\n", view.Arms.Select(a => a.ToString())) + "\n" +
        string.Join("\n", view.Tests.Select(t => t.ToString())) + "\n" +
        string.Join("\n", view.History.Select(h => h.ToString()));
}
