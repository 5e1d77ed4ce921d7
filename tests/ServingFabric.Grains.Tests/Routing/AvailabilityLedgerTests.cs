using ServingFabric.Grains.Routing;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Routing;

public sealed class AvailabilityLedgerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 30, TimeSpan.Zero);
    private readonly AvailabilityState _state = new();

    [Fact]
    public void View_ReportsOfTwoVersions_SumsTheModelAndKeepsEachVersion()
    {
        Record(Start, ("1", 1000, 999), ("2", 100, 90));

        var view = AvailabilityLedger.View(_state, ServiceLevelObjective.Default, Start);

        Assert.All(view.Windows, w => Assert.Equal((1100L, 1089L), (w.Valid, w.Good)));
        Assert.Equal(["1", "2"], view.Versions.Select(v => v.Version));
        Assert.All(view.Versions[0].Windows, w => Assert.Equal(0.999, w.Sli!.Value, 9));
        Assert.Equal(["5m", "1h", "1d", "30d"], view.Windows.Select(w => w.Window));
    }

    [Fact]
    public void RecordProbe_GoodAndBadProbes_CountOneValidEachAndGoodOnlyTheGood()
    {
        AvailabilityLedger.RecordProbe(_state, "1", good: true, Start);
        AvailabilityLedger.RecordProbe(_state, "1", good: true, Start.AddSeconds(10));
        AvailabilityLedger.RecordProbe(_state, "1", good: false, Start.AddSeconds(20));

        var view = AvailabilityLedger.View(_state, ServiceLevelObjective.Default, Start.AddSeconds(30));

        Assert.All(view.Windows, w => Assert.Equal((3L, 2L), (w.Valid, w.Good)));
        Assert.Equal(["1"], view.Versions.Select(v => v.Version));
    }

    [Fact]
    public void View_RequestsAgeOut_EachWindowKeepsOnlyItsSpan()
    {
        Record(Start, ("1", 10, 10));                          // 10:00
        Record(Start.AddMinutes(10), ("1", 20, 20));           // 10:10
        Record(Start.AddHours(3), ("1", 40, 40));              // 13:00
        var sameDay = AvailabilityLedger.View(_state, ServiceLevelObjective.Default, Start.AddHours(3).AddMinutes(1)).Windows;
        Record(Start.AddDays(2), ("1", 80, 80));               // two days on

        var windows = AvailabilityLedger.View(_state, ServiceLevelObjective.Default, Start.AddDays(2).AddMinutes(2)).Windows;

        Assert.Equal([40L, 40L, 70L, 70L], sameDay.Select(w => w.Valid));
        Assert.Equal([80L, 80L, 80L, 150L], windows.Select(w => w.Valid));
    }

    [Fact]
    public void View_FiveMinuteWindow_CountsTheCurrentMinuteAndTheFourBefore()
    {
        Record(Start, ("1", 10, 10));
        Record(Start.AddMinutes(4), ("1", 5, 5));

        Assert.Equal(15, Window(Start.AddMinutes(4), "5m").Valid);
        Assert.Equal(5, Window(Start.AddMinutes(5), "5m").Valid);
        Assert.Equal(0, Window(Start.AddMinutes(9), "5m").Valid);
        Assert.Equal(15, Window(Start.AddMinutes(9), "1h").Valid);
    }

    [Fact]
    public void View_NoValidRequests_HasNoSliRatherThanAHundredPercent()
    {
        var window = Window(Start, "1h");

        Assert.Equal(0, window.Valid);
        Assert.Null(window.Sli);
        Assert.Null(window.ErrorBudgetRemaining(0.999));
    }

    [Theory]
    [InlineData(1000, 1000, 1.0)]     // no bad request: the whole budget left
    [InlineData(1000, 999, 0.0)]      // 0.1 % bad against 99.9 %: spent exactly
    [InlineData(10000, 9995, 0.5)]    // 0.05 % bad: half left
    [InlineData(1000, 990, -9.0)]     // 1 % bad: ten budgets spent
    public void ErrorBudgetRemaining_BadShareAgainstTheObjective_IsTheShareOfTheBudgetLeft(long valid, long good, double expected) =>
        Assert.Equal(expected, new AvailabilityWindow("1h", valid, good).ErrorBudgetRemaining(0.999)!.Value, 6);

    [Fact]
    public void Record_IncoherentCounts_CountNowhere()
    {
        var changed = Record(Start, ("1", 10, 11), ("2", 0, 0), ("3", -5, -5), ("4", 5, -1));

        Assert.False(changed);
        Assert.Empty(_state.Versions);
    }

    [Fact]
    public void Record_MoreVersionsThanKept_DropsTheOneIdleTheLongest()
    {
        for (var v = 0; v < AvailabilityLedger.MaxVersions; v++)
        {
            Record(Start.AddMinutes(v), ($"v{v}", 1, 1));
        }

        Record(Start.AddMinutes(AvailabilityLedger.MaxVersions), ("new", 1, 1));

        Assert.Equal(AvailabilityLedger.MaxVersions, _state.Versions.Count);
        Assert.DoesNotContain(_state.Versions, v => v.Version == "v0");
        Assert.Contains(_state.Versions, v => v.Version == "new");
    }

    [Fact]
    public void Trim_AfterThirtyDays_ForgetsTheVersion()
    {
        Record(Start, ("1", 10, 10));

        AvailabilityLedger.Trim(_state, Start.AddDays(31));

        Assert.Empty(_state.Versions);
    }

    [Fact]
    public void Record_ManyReports_KeepsAtMostAHundredAndFourteenBucketsPerVersion()
    {
        for (var minute = 0; minute < 60 * 24 * 40; minute += 7)
        {
            Record(Start.AddMinutes(minute), ("1", 1, 1));
        }

        var version = Assert.Single(_state.Versions);
        Assert.InRange(version.Minutes.Count, 1, 60);
        Assert.InRange(version.Hours.Count, 1, 24);
        Assert.InRange(version.Days.Count, 1, 30);
    }

    private bool Record(DateTimeOffset at, params (string Version, long Valid, long Good)[] versions) =>
        AvailabilityLedger.Record(_state, new OutcomeReport("silo", null, TimeSpan.FromSeconds(1),
            [.. versions.Select(v => new VersionOutcomes(v.Version, v.Valid, 0, 0, 0, 0, 0, 0, 0, 0, [], v.Valid, v.Good))]), at);

    private AvailabilityWindow Window(DateTimeOffset at, string name) =>
        AvailabilityLedger.View(_state, ServiceLevelObjective.Default, at).Windows.Single(w => w.Window == name);
}
