using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Supervision;

public sealed class ModelEventLogTests
{
    [Fact]
    public void Append_PastCapacity_DropsOldestAndKeepsSequencing()
    {
        var state = new ModelRouterState();
        for (var i = 0; i < 5; i++)
        {
            ModelEventLog.Append(state, new EventDraft(ModelEventKind.Deployed, null, null, null, $"e{i}"), Clusters.Now, capacity: 3);
        }

        Assert.Equal([3L, 4L, 5L], state.Events.Select(e => e.Sequence));
        Assert.Equal(5, state.LastEventSequence);
    }

    [Theory]
    [InlineData(0, new long[] { 3, 4, 5 })]
    [InlineData(3, new long[] { 4, 5 })]
    [InlineData(5, new long[0])]
    public void After_Sequence_ReturnsNewerEventsOldestFirst(long after, long[] expected)
    {
        var state = new ModelRouterState();
        for (var i = 0; i < 5; i++)
        {
            ModelEventLog.Append(state, new EventDraft(ModelEventKind.Deployed, null, null, null, $"e{i}"), Clusters.Now, capacity: 3);
        }

        Assert.Equal(expected, ModelEventLog.After(state, after).Select(e => e.Sequence));
    }
}
