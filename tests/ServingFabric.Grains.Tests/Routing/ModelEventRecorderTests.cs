using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Routing;

public sealed class ModelEventRecorderTests
{
    [Fact]
    public void Record_PastTheCapacity_KeepsTheNewestWithGrowingSequences()
    {
        var time = new FakeTimeProvider(Now);
        var recorder = new ModelEventRecorder(new ReplicaSupervisorOptions { EventLogCapacity = 2 }, time, NullLogger<ModelEventRecorder>.Instance);
        var state = new ModelRouterState();

        foreach (var n in new[] { 1, 2, 3 })
        {
            time.Advance(TimeSpan.FromSeconds(1));
            recorder.Record(state, "m", new EventDraft(ModelEventKind.ReplicaLost, $"m/1/{n}", null, null, $"lost {n}"));
        }

        Assert.Equal([(2L, "lost 2", Now.AddSeconds(2)), (3L, "lost 3", Now.AddSeconds(3))], state.Events.Select(e => (e.Sequence, e.Message, e.Timestamp)));
        Assert.Equal(3, state.LastEventSequence);
    }
}
