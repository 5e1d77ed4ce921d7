using ServingFabric.Traffic.Routing;

namespace ServingFabric.Traffic.Tests.Routing;

public sealed class RoutingKeyHashTests
{
    [Fact]
    public void Of_EqualKeysFromDifferentStrings_SameHash()
    {
        var key = "user-" + 42;

        Assert.Equal(RoutingKeyHash.Of("user-42"), RoutingKeyHash.Of(key));
    }

    [Fact]
    public void Of_LongAndNonAsciiKeys_HashedWholeAndDifferently()
    {
        var longKey = new string('x', 5_000);

        Assert.NotEqual(RoutingKeyHash.Of(longKey), RoutingKeyHash.Of(longKey + "y"));
        Assert.NotEqual(RoutingKeyHash.Of("Zürich"), RoutingKeyHash.Of("Zurich"));
        Assert.Equal(RoutingKeyHash.Of("日本-" + longKey), RoutingKeyHash.Of("日本-" + longKey));
    }

    [Fact]
    public void ToUnit_100000SeededKeys_UniformOverTenBuckets()
    {
        var random = new Random(3);
        var buckets = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            buckets[(int)(RoutingKeyHash.ToUnit(RoutingKeyHash.Of($"k{random.Next()}")) * 10)]++;
        }

        Assert.All(buckets, count => VersionSplitTests.AssertBinomial(count, 100_000, 0.1));
    }

    [Fact]
    public void Mix_DifferentSalts_UncorrelatedHalves()
    {
        var random = new Random(4);
        var both = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var hash = RoutingKeyHash.Of($"k{random.Next()}");
            if (RoutingKeyHash.ToUnit(RoutingKeyHash.Mix(hash, RoutingKeyHash.SplitSalt)) < 0.5 && RoutingKeyHash.ToUnit(RoutingKeyHash.Mix(hash, RoutingKeyHash.MirrorSalt)) < 0.5)
            {
                both++;
            }
        }

        VersionSplitTests.AssertBinomial(both, 100_000, 0.25);
    }

    [Fact]
    public void ToOpenUnit_ZeroAndMaxHash_InsideZeroExclusiveOneInclusive()
    {
        Assert.True(RoutingKeyHash.ToOpenUnit(0) > 0);
        Assert.Equal(1.0, RoutingKeyHash.ToOpenUnit(ulong.MaxValue));
        Assert.True(RoutingKeyHash.ToUnit(ulong.MaxValue) < 1.0);
    }
}
