using ServingFabric.Grains.Outcomes;
using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Tests.Outcomes;

public sealed class ModelOutcomesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(60);

    [Fact]
    public void TakeReport_NoTraffic_Null()
    {
        var outcomes = new ModelOutcomes("m", Start);

        Assert.Null(outcomes.TakeReport("silo", Start.AddSeconds(1)));
    }

    [Fact]
    public void TakeReport_ArmsOnlySplitAssigned_VersionsEverything()
    {
        var outcomes = new ModelOutcomes("m", Start);
        Record(outcomes, "1", RequestOutcome.Answered, "release-1");
        Record(outcomes, "1", RequestOutcome.Answered, arm: null);
        Record(outcomes, "2", RequestOutcome.ServerError, "release-1");
        Record(outcomes, "2", RequestOutcome.CallerError, arm: null);

        var report = outcomes.TakeReport("silo", Start.AddSeconds(2))!;

        Assert.Equal("release-1", report.ExperimentId);
        Assert.Equal(TimeSpan.FromSeconds(2), report.Interval);
        Assert.Equal([("1", 2L, 0L), ("2", 2L, 1L)], Counts(report.Versions));
        Assert.Equal([("1", 1L, 0L), ("2", 1L, 1L)], Counts(report.Arms!));
        Assert.Empty(report.InFlight!);
    }

    [Fact]
    public void TakeReport_RequestsStillRunning_InFlightPerVersion()
    {
        var outcomes = new ModelOutcomes("m", Start);
        outcomes.Started("1");
        outcomes.Started("1");
        outcomes.Started("2");
        outcomes.Finished("2", RequestOutcome.Answered, TimeSpan.FromMilliseconds(4), null, null);

        var report = outcomes.TakeReport("silo", Start.AddSeconds(1))!;

        Assert.Equal(new Dictionary<string, int> { ["1"] = 2 }, report.InFlight);
        Assert.Equal([("2", 1L, 0L)], Counts(report.Versions));
    }

    [Fact]
    public void TakeReport_InFlightRequestEnds_NextReportCountsItWithNoneInFlight()
    {
        var outcomes = new ModelOutcomes("m", Start);
        outcomes.Started("1");
        Assert.Equal(1, outcomes.TakeReport("silo", Start.AddSeconds(1))!.InFlight!["1"]);
        outcomes.Finished("1", RequestOutcome.Answered, TimeSpan.FromMilliseconds(4), null, null);

        var next = outcomes.TakeReport("silo", Start.AddSeconds(2))!;

        Assert.Equal([("1", 1L, 0L)], Counts(next.Versions));
        Assert.Empty(next.InFlight!);
        Assert.Null(outcomes.TakeReport("silo", Start.AddSeconds(3)));
    }

    [Fact]
    public void TakeReport_Twice_SecondHoldsOnlyWhatCameAfter()
    {
        var outcomes = new ModelOutcomes("m", Start);
        Record(outcomes, "1", RequestOutcome.Answered, "release-1");
        outcomes.TakeReport("silo", Start.AddSeconds(1));
        Record(outcomes, "1", RequestOutcome.ServerError, arm: null);

        var second = outcomes.TakeReport("silo", Start.AddSeconds(2))!;

        Assert.Equal([("1", 1L, 1L)], Counts(second.Versions));
        Assert.Null(second.ExperimentId);
        Assert.Empty(second.Arms!);
        Assert.Null(outcomes.TakeReport("silo", Start.AddSeconds(3)));
    }

    [Fact]
    public void Undelivered_ThenTakeReport_FailedDeltaMergedIntoNext()
    {
        var outcomes = new ModelOutcomes("m", Start);
        Record(outcomes, "1", RequestOutcome.Answered, "release-1", latencyMs: 10);
        var failed = outcomes.TakeReport("silo", Start.AddSeconds(1))!;

        Assert.Equal(UndeliveredOutcome.KeptFirstFailure, outcomes.Undelivered(failed, Start.AddSeconds(1), Retention));
        Record(outcomes, "1", RequestOutcome.Answered, "release-1", latencyMs: 1000);
        Record(outcomes, "2", RequestOutcome.Answered, arm: null);
        outcomes.Rewarded("1", 0.5, "release-1");
        var next = outcomes.TakeReport("silo", Start.AddSeconds(2))!;

        Assert.Equal(TimeSpan.FromSeconds(2), next.Interval);
        Assert.Equal([("1", 2L, 0L), ("2", 1L, 0L)], Counts(next.Versions));
        Assert.Equal([("1", 2L, 0L)], Counts(next.Arms!));
        var arm = Assert.Single(next.Arms!);
        Assert.Equal((Math.Log(10) + Math.Log(1000)) / 2, arm.LogLatencyMean, 12);
        Assert.Equal((1L, 0.5), (arm.RewardCount, arm.RewardMean));
    }

    [Fact]
    public void Undelivered_FailingLongerThanRetention_Dropped()
    {
        var outcomes = new ModelOutcomes("m", Start);
        var now = Start;
        for (var second = 1; second < 60; second++)
        {
            Record(outcomes, "1", RequestOutcome.Answered, arm: null);
            now = Start.AddSeconds(second);
            var expected = second == 1 ? UndeliveredOutcome.KeptFirstFailure : UndeliveredOutcome.Kept;
            Assert.Equal(expected, outcomes.Undelivered(outcomes.TakeReport("silo", now)!, now, Retention));
        }

        Record(outcomes, "1", RequestOutcome.Answered, arm: null);
        var last = outcomes.TakeReport("silo", Start.AddSeconds(61))!;
        Assert.Equal(60, last.Versions.Single().Requests);

        Assert.Equal(UndeliveredOutcome.Dropped, outcomes.Undelivered(last, Start.AddSeconds(61), Retention));
        Assert.Null(outcomes.TakeReport("silo", Start.AddSeconds(62)));
    }

    [Fact]
    public void Delivered_AfterFailures_NextFailureStartsANewRetention()
    {
        var outcomes = new ModelOutcomes("m", Start);
        Record(outcomes, "1", RequestOutcome.Answered, arm: null);
        outcomes.Undelivered(outcomes.TakeReport("silo", Start.AddSeconds(1))!, Start.AddSeconds(1), Retention);
        outcomes.TakeReport("silo", Start.AddSeconds(2));
        outcomes.Delivered();
        Record(outcomes, "1", RequestOutcome.Answered, arm: null);

        var outcome = outcomes.Undelivered(outcomes.TakeReport("silo", Start.AddSeconds(100))!, Start.AddSeconds(100), Retention);

        Assert.Equal(UndeliveredOutcome.KeptFirstFailure, outcome);
    }

    [Fact]
    public void Finished_SecondReleaseInSameInterval_KeptOutOfTheFirstsArms()
    {
        var outcomes = new ModelOutcomes("m", Start);
        Record(outcomes, "1", RequestOutcome.Answered, "release-1");
        Record(outcomes, "2", RequestOutcome.Answered, "release-2");

        var report = outcomes.TakeReport("silo", Start.AddSeconds(1))!;

        Assert.Equal("release-1", report.ExperimentId);
        Assert.Equal([("1", 1L, 0L)], Counts(report.Arms!));
        Assert.Equal(2, report.Versions.Sum(v => v.Requests));
    }

    [Fact]
    public void Combine_UndeliveredArmsOfEndedRelease_DroppedNewReleaseKept()
    {
        var older = Report("release-1", Outcome("1", 3));
        var newer = Report("release-2", Outcome("2", 5));

        var combined = OutcomeReports.Combine(older, newer);

        Assert.Equal("release-2", combined.ExperimentId);
        Assert.Equal([("2", 5L, 0L)], Counts(combined.Arms!));
        Assert.Equal([("1", 3L, 0L), ("2", 5L, 0L)], Counts(combined.Versions));
    }

    [Fact]
    public void Combine_NewerHasNoArms_OlderArmsKept()
    {
        var combined = OutcomeReports.Combine(Report("release-1", Outcome("1", 3)), Report(null));

        Assert.Equal("release-1", combined.ExperimentId);
        Assert.Equal([("1", 3L, 0L)], Counts(combined.Arms!));
    }

    [Fact]
    public void Record_ManyThreads_EveryRequestCountedOnce()
    {
        var outcomes = new ModelOutcomes("m", Start);
        var reports = new List<OutcomeReport?>();

        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                Record(outcomes, worker % 2 == 0 ? "1" : "2", i % 10 == 0 ? RequestOutcome.ServerError : RequestOutcome.Answered, "release-1");
                if (worker == 0 && i % 500 == 0)
                {
                    lock (reports)
                    {
                        reports.Add(outcomes.TakeReport("silo", Start));
                    }
                }
            }
        });
        reports.Add(outcomes.TakeReport("silo", Start));

        var versions = reports.OfType<OutcomeReport>().SelectMany(r => r.Versions).ToList();
        Assert.Equal(40_000, versions.Sum(v => v.Requests));
        Assert.Equal(4_000, versions.Sum(v => v.Errors));
        Assert.Equal(40_000, reports.OfType<OutcomeReport>().SelectMany(r => r.Arms!).Sum(v => v.Requests));
        Assert.All(reports.OfType<OutcomeReport>(), r => Assert.All(r.InFlight!.Values, count => Assert.InRange(count, 1, 8)));
    }

    private static void Record(ModelOutcomes outcomes, string version, RequestOutcome result, string? arm, double latencyMs = 5)
    {
        outcomes.Started(version);
        outcomes.Finished(version, result, TimeSpan.FromMilliseconds(latencyMs), null, arm);
    }

    private static List<(string, long, long)> Counts(IEnumerable<VersionOutcomes> outcomes) =>
        [.. outcomes.OrderBy(o => o.Version, StringComparer.Ordinal).Select(o => (o.Version, o.Requests, o.Errors))];

    private static VersionOutcomes Outcome(string version, long requests)
    {
        var accumulator = new OutcomeAccumulator();
        for (var i = 0; i < requests; i++)
        {
            accumulator.Add(RequestOutcome.Answered, TimeSpan.FromMilliseconds(3), null);
        }

        return accumulator.ToOutcomes(version);
    }

    private static OutcomeReport Report(string? experiment, params VersionOutcomes[] arms) =>
        new("silo", experiment, TimeSpan.FromSeconds(1), arms, new Dictionary<string, int>(), arms);
}
