using ServingFabric.Traffic.LoadBalancing;

namespace ServingFabric.Traffic.Tests.LoadBalancing;

public sealed class PowerOfTwoChoicesReplicaChooserTests
{
    [Fact]
    public void Choose_NoCandidates_ReturnsMinusOne()
    {
        var chooser = new PowerOfTwoChoicesReplicaChooser(new Random(1));

        Assert.Equal(-1, chooser.Choose([]));
    }

    [Fact]
    public void Choose_OneCandidate_ReturnsIt()
    {
        var chooser = new PowerOfTwoChoicesReplicaChooser(new Random(1));

        Assert.Equal(0, chooser.Choose([new ReplicaLoad(100, 100)]));
    }

    [Fact]
    public void Choose_TwoCandidates_AlwaysTakesTheLessLoaded()
    {
        var chooser = new PowerOfTwoChoicesReplicaChooser(new Random(7));
        ReplicaLoad[] loads = [new(InFlight: 3, QueueDepth: 4), new(InFlight: 5, QueueDepth: 0)];

        var picks = Enumerable.Range(0, 1000).Select(_ => chooser.Choose(loads)).Distinct().ToList();

        Assert.Equal([1], picks);
    }

    [Fact]
    public void Choose_QueueDepthCounts_PrefersTheShorterQueueAtEqualInFlight()
    {
        var chooser = new PowerOfTwoChoicesReplicaChooser(new Random(7));
        ReplicaLoad[] loads = [new(InFlight: 1, QueueDepth: 9), new(InFlight: 1, QueueDepth: 0)];

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(1, chooser.Choose(loads)));
    }

    [Fact]
    public void Choose_EquallyLoaded_PrefersTheLocalReplica()
    {
        var chooser = new PowerOfTwoChoicesReplicaChooser(new Random(7));
        ReplicaLoad[] loads = [new(0, 0), new(0, 0, Local: true), new(0, 0)];

        var picks = Enumerable.Range(0, 3000).Select(_ => chooser.Choose(loads)).ToList();

        // The local replica is in two of the three pairs and wins both: about two picks in three, not one in three.
        var localShare = picks.Count(p => p == 1) / 3000.0;
        Assert.InRange(localShare, 0.62, 0.71);
    }

    [Fact]
    public void Choose_LocalButBusier_LosesToTheLessLoaded()
    {
        var chooser = new PowerOfTwoChoicesReplicaChooser(new Random(7));
        ReplicaLoad[] loads = [new(InFlight: 2, QueueDepth: 0, Local: true), new(InFlight: 1, QueueDepth: 0)];

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(1, chooser.Choose(loads)));
    }

    [Fact]
    public void Choose_MostLoadedOfMany_NeverPicked()
    {
        var chooser = new PowerOfTwoChoicesReplicaChooser(new Random(42));
        ReplicaLoad[] loads = [new(0, 0), new(1, 0), new(50, 50), new(2, 0)];

        var counts = new int[loads.Length];
        for (var i = 0; i < 10_000; i++)
        {
            counts[chooser.Choose(loads)]++;
        }

        // The busiest wins no comparison; the idlest wins every one it is drawn into (3 of the 6 pairs).
        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[0], 4700, 5300);
        Assert.Equal(10_000, counts.Sum());
    }

    [Fact]
    public void Choose_EqualLoads_SpreadsOverEveryCandidate()
    {
        var chooser = new PowerOfTwoChoicesReplicaChooser(new Random(3));
        ReplicaLoad[] loads = [new(0, 0), new(0, 0), new(0, 0)];

        var counts = new int[loads.Length];
        for (var i = 0; i < 3000; i++)
        {
            counts[chooser.Choose(loads)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void Choose_SameSeed_SameSequence()
    {
        ReplicaLoad[] loads = [new(0, 0), new(0, 0), new(0, 0), new(0, 0)];
        var a = new PowerOfTwoChoicesReplicaChooser(new Random(11));
        var b = new PowerOfTwoChoicesReplicaChooser(new Random(11));

        Assert.Equal(Enumerable.Range(0, 50).Select(_ => a.Choose(loads)), Enumerable.Range(0, 50).Select(_ => b.Choose(loads)));
    }
}
