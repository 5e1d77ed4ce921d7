using Microsoft.Extensions.Options;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Outcomes;

namespace ServingFabric.Grains.Tests.Outcomes;

public sealed class OutcomeCollectorTests
{
    [Fact]
    public void TryStartMirror_LimitReached_RefusedUntilOneEnds()
    {
        var collector = new OutcomeCollector(Options.Create(new InferenceFrontOptions { MirrorMaxInFlight = 2 }), TimeProvider.System);

        Assert.True(collector.TryStartMirror());
        Assert.True(collector.TryStartMirror());
        Assert.False(collector.TryStartMirror());
        collector.EndMirror();

        Assert.True(collector.TryStartMirror());
        Assert.False(collector.TryStartMirror());
    }

    [Fact]
    public void For_SameModelTwice_SameOutcomesAndOnlyModelsWithTrafficListed()
    {
        var collector = new OutcomeCollector(Options.Create(new InferenceFrontOptions()), TimeProvider.System);

        var first = collector.For("a");

        Assert.Same(first, collector.For("a"));
        Assert.Equal(["a"], collector.Models.Select(m => m.Model));
    }

    [Fact]
    public void MirrorDropped_Counted_TakenOnce()
    {
        var outcomes = new ModelOutcomes("m", DateTimeOffset.UnixEpoch);
        outcomes.MirrorDropped();
        outcomes.MirrorDropped();

        Assert.Equal(2, outcomes.TakeMirrorsDropped());
        Assert.Equal(0, outcomes.TakeMirrorsDropped());
    }
}
