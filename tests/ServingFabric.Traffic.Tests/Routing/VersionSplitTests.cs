using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Traffic.Tests.Routing;

public sealed class VersionSplitTests
{
    private const int Keys = 100_000;

    [Theory]
    [InlineData(10.0)]
    [InlineData(25.0)]
    [InlineData(50.0)]
    [InlineData(1.0)]
    public void ForKey_100000SeededKeys_CandidateShareWithinBinomialTolerance(double candidatePercent)
    {
        var split = Split(("stable", 100 - candidatePercent), ("canary", candidatePercent));

        var onCandidate = SeededKeys(seed: 11).Count(key => split.ForKey(RoutingKeyHash.Of(key)) == "canary");

        AssertBinomial(onCandidate, Keys, candidatePercent / 100);
    }

    [Fact]
    public void ForKey_ThreeVersions_EachShareWithinBinomialTolerance()
    {
        var split = Split(("a", 20), ("b", 30), ("c", 50));

        var counts = SeededKeys(seed: 12).GroupBy(key => split.ForKey(RoutingKeyHash.Of(key))).ToDictionary(g => g.Key, g => g.Count());

        AssertBinomial(counts["a"], Keys, 0.2);
        AssertBinomial(counts["b"], Keys, 0.3);
        AssertBinomial(counts["c"], Keys, 0.5);
    }

    [Fact]
    public void ForKey_CandidateShareGrowsStepByStep_KeysOnCandidateStayAndOthersMoveOnlyToIt()
    {
        double[] steps = [10, 25, 50, 100];
        var keys = SeededKeys(seed: 13).Take(20_000).Select(RoutingKeyHash.Of).ToArray();
        var before = keys.Select(Split(("stable", 100 - steps[0]), ("canary", steps[0])).ForKey).ToArray();

        foreach (var step in steps.Skip(1))
        {
            var split = Split(("stable", 100 - step), ("canary", step));
            var after = keys.Select(split.ForKey).ToArray();
            for (var i = 0; i < keys.Length; i++)
            {
                Assert.True(before[i] != "canary" || after[i] == "canary", $"key {i} left the canary when its share grew to {step} %");
            }

            AssertBinomial(after.Count(v => v == "canary"), keys.Length, step / 100);
            before = after;
        }

        Assert.All(before, version => Assert.Equal("canary", version));
    }

    [Fact]
    public void ForKey_MiddleVersionOfThreeGrows_KeysOnItStay()
    {
        // Cumulative buckets would shift the last version's keys when the middle one grows; rendezvous does not.
        var keys = SeededKeys(seed: 14).Take(20_000).Select(RoutingKeyHash.Of).ToArray();
        var small = Split(("a", 45), ("b", 10), ("c", 45));
        var large = Split(("a", 35), ("b", 30), ("c", 35));

        for (var i = 0; i < keys.Length; i++)
        {
            var (was, now) = (small.ForKey(keys[i]), large.ForKey(keys[i]));
            Assert.True(was == now || now == "b", $"key {i} moved from {was} to {now}, not to the growing version");
        }
    }

    [Fact]
    public void ForKey_SameKeyAndWeightsInAnotherOrder_SameVersion()
    {
        var listed = Split(("2", 30), ("1", 70));
        var reversed = Split(("1", 70), ("2", 30));

        foreach (var key in SeededKeys(seed: 15).Take(5_000))
        {
            var hash = RoutingKeyHash.Of(key);
            Assert.Equal(listed.ForKey(hash), reversed.ForKey(hash));
            Assert.Equal(listed.ForKey(hash), listed.ForKey(RoutingKeyHash.Of(new string(key.AsSpan()))));
        }
    }

    [Fact]
    public void Create_ZeroNegativeAndUnroutableWeights_Dropped()
    {
        var split = VersionSplit.Create(
            [new VersionWeight("zero", 0), new VersionWeight("negative", -5), new VersionWeight("gone", 40), new VersionWeight("kept", 60)],
            routable: version => version != "gone");

        Assert.NotNull(split);
        Assert.Equal(["kept"], split.Versions);
        Assert.All(SeededKeys(seed: 16).Take(1_000), key => Assert.Equal("kept", split.ForKey(RoutingKeyHash.Of(key))));
    }

    [Fact]
    public void Create_NoPositiveWeight_Null()
    {
        Assert.Null(VersionSplit.Create([]));
        Assert.Null(VersionSplit.Create(null));
        Assert.Null(VersionSplit.Create([new VersionWeight("1", 0)]));
    }

    [Fact]
    public void ForPoint_EvenSequence_SharesWithinOneRequestOverAnyWindow()
    {
        var split = Split(("stable", 90), ("canary", 10));
        var sequence = new EvenSequence(EvenSequence.GoldenStep);
        var picks = Enumerable.Range(0, 10_000).Select(_ => split.ForPoint(sequence.Next())).ToArray();

        // An additive recurrence with the golden step spreads evenly: every window of 100 requests holds 10 ± 2.
        for (var start = 0; start + 100 <= picks.Length; start += 100)
        {
            Assert.InRange(picks.AsSpan(start, 100).ToArray().Count(v => v == "canary"), 8, 12);
        }

        Assert.InRange(picks.Count(v => v == "canary"), 998, 1002);
    }

    private static VersionSplit Split(params (string Version, double Percent)[] weights) =>
        VersionSplit.Create(weights.Select(w => new VersionWeight(w.Version, w.Percent)).ToList())!;

    private static IEnumerable<string> SeededKeys(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Keys; i++)
        {
            yield return $"user-{random.NextInt64():x}";
        }
    }

    /// <summary>Within 4.5 standard deviations of n·p: a fair split fails this about once in 150 000 seeds.</summary>
    internal static void AssertBinomial(int observed, int n, double p)
    {
        var sd = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(observed, n * p - (4.5 * sd) - 0.5, n * p + (4.5 * sd) + 0.5);
    }
}
