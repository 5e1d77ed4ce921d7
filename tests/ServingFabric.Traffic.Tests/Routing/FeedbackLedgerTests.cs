using Microsoft.Extensions.Time.Testing;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Traffic.Tests.Routing;

public sealed class FeedbackLedgerTests
{
    private const string Alice = "key:alice";
    private const string Mallory = "key:mallory";
    private static readonly ServedRequest Served = new("2", "release-1", SplitAssigned: true);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryClaim_Remembered_ClaimedWithWhatServedIt()
    {
        var ledger = new FeedbackLedger(10, TimeSpan.FromMinutes(10), _time);
        ledger.Remember("m", Alice, "r1", Served);

        Assert.Equal(FeedbackClaim.Claimed, ledger.TryClaim("m", Alice, "r1", out var served));
        Assert.Equal(Served, served);
    }

    [Fact]
    public void TryClaim_SecondReward_AlreadyRewarded()
    {
        var ledger = new FeedbackLedger(10, TimeSpan.FromMinutes(10), _time);
        ledger.Remember("m", Alice, "r1", Served);
        ledger.TryClaim("m", Alice, "r1", out _);

        Assert.Equal(FeedbackClaim.AlreadyRewarded, ledger.TryClaim("m", Alice, "r1", out _));
    }

    [Fact]
    public void TryClaim_SameIdOtherModel_Unknown()
    {
        var ledger = new FeedbackLedger(10, TimeSpan.FromMinutes(10), _time);
        ledger.Remember("m", Alice, "r1", Served);

        Assert.Equal(FeedbackClaim.Unknown, ledger.TryClaim("other", Alice, "r1", out _));
        Assert.Equal(FeedbackClaim.Unknown, ledger.TryClaim("m", Alice, "r2", out _));
    }

    [Fact]
    public void TryClaim_OlderThanWindow_Unknown()
    {
        var ledger = new FeedbackLedger(10, TimeSpan.FromMinutes(10), _time);
        ledger.Remember("m", Alice, "r1", Served);
        ledger.Remember("m", Alice, "r2", Served);

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(FeedbackClaim.Claimed, ledger.TryClaim("m", Alice, "r1", out _));
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(FeedbackClaim.Unknown, ledger.TryClaim("m", Alice, "r2", out _));
    }

    [Fact]
    public void Remember_ExpiredEntries_PushedOutByNewOnes()
    {
        var ledger = new FeedbackLedger(100, TimeSpan.FromMinutes(1), _time);
        for (var i = 0; i < 50; i++)
        {
            ledger.Remember("m", Alice, $"old{i}", Served);
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        ledger.Remember("m", Alice, "new", Served);

        Assert.Equal(1, ledger.Count);
    }

    [Fact]
    public void Remember_OverCapacity_OldestForgottenFirst()
    {
        var ledger = new FeedbackLedger(3, TimeSpan.FromMinutes(10), _time);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            ledger.Remember("m", Alice, id, Served);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, ledger.Count);
        Assert.Equal(FeedbackClaim.Unknown, ledger.TryClaim("m", Alice, "a", out _));
        Assert.All(new[] { "b", "c", "d" }, id => Assert.Equal(FeedbackClaim.Claimed, ledger.TryClaim("m", Alice, id, out _)));
    }

    [Fact]
    public void Remember_SameIdAgain_RenewedAndRewardableAgain()
    {
        var ledger = new FeedbackLedger(2, TimeSpan.FromMinutes(10), _time);
        ledger.Remember("m", Alice, "a", Served);
        ledger.Remember("m", Alice, "b", Served);
        ledger.TryClaim("m", Alice, "a", out _);
        ledger.Remember("m", Alice, "a", Served with { Version = "1" });
        ledger.Remember("m", Alice, "c", Served);

        Assert.Equal(FeedbackClaim.Unknown, ledger.TryClaim("m", Alice, "b", out _));
        Assert.Equal(FeedbackClaim.Claimed, ledger.TryClaim("m", Alice, "a", out var served));
        Assert.Equal("1", served.Version);
    }

    [Fact]
    public void TryClaim_SameIdOtherCaller_Unknown()
    {
        var ledger = new FeedbackLedger(10, TimeSpan.FromMinutes(10), _time);
        ledger.Remember("m", Alice, "r1", Served);

        Assert.Equal(FeedbackClaim.Unknown, ledger.TryClaim("m", Mallory, "r1", out _));
        Assert.Equal(FeedbackClaim.Claimed, ledger.TryClaim("m", Alice, "r1", out _));
    }

    [Fact]
    public void Remember_OtherCallerReusesId_VictimEntryNeitherRewrittenNorBlocked()
    {
        var ledger = new FeedbackLedger(10, TimeSpan.FromMinutes(10), _time);
        ledger.Remember("m", Mallory, "r1", Served with { Version = "1" });
        ledger.Remember("m", Alice, "r1", Served);
        ledger.Remember("m", Mallory, "r1", Served with { Version = "1" });

        Assert.Equal(FeedbackClaim.Claimed, ledger.TryClaim("m", Mallory, "r1", out var mallorys));
        Assert.Equal(FeedbackClaim.Claimed, ledger.TryClaim("m", Alice, "r1", out var alices));
        Assert.Equal(("1", "2"), (mallorys.Version, alices.Version));
        Assert.Equal(FeedbackClaim.AlreadyRewarded, ledger.TryClaim("m", Alice, "r1", out _));
        Assert.Equal(2, ledger.Count);
    }

    [Fact]
    public void Remember_NoCaller_Throws()
    {
        var ledger = new FeedbackLedger(10, TimeSpan.FromMinutes(10), _time);

        Assert.Throws<ArgumentException>(() => ledger.Remember("m", "", "r1", Served));
    }

    [Fact]
    public void Constructor_ZeroCapacityOrWindow_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedbackLedger(0, TimeSpan.FromMinutes(1), _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedbackLedger(1, TimeSpan.Zero, _time));
    }
}
