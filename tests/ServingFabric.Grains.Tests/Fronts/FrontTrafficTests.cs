using ServingFabric.Inference;
using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>The front carries out the routing table's traffic policy and reports what it saw to the router.</summary>
[Collection(TrafficClusterCollection.Name)]
public sealed class FrontTrafficTests(TrafficClusterFixture fixture)
{
    [Fact]
    public async Task Infer_CanarySplitByRoutingKey_StickyVersionsAndOnlySplitRequestsInArms()
    {
        const string Model = "split";
        List<VersionWeight> weights = [new("1", 70), new("2", 30)];
        fixture.Traffic.Set(Model, new TrafficPolicy(weights, Experiment: new ExperimentArms("release-a", ReleaseKind.Canary, "1", "2")));
        var split = VersionSplit.Create(weights)!;

        var served = new Dictionary<string, HashSet<string>>();
        for (var i = 0; i < 240; i++)
        {
            var key = $"user-{i % 60}";
            var response = await fixture.InferAsync(Model, i, routingKey: key);
            Assert.Equal(split.ForKey(RoutingKeyHash.Of(key)), response.ModelVersion);
            (served.TryGetValue(key, out var versions) ? versions : served[key] = []).Add(response.ModelVersion);
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("2", (await fixture.InferAsync(Model, 1_000 + i, version: "2")).ModelVersion);
        }

        var reports = await fixture.Traffic.WaitForReportsAsync(Model, reports => reports.SelectMany(r => r.Versions).Sum(v => v.Requests) >= 260);

        Assert.All(served.Values, versions => Assert.Single(versions));
        var splitToTwo = 4 * served.Count(s => s.Value.Single() == "2");
        Assert.Equal(new Dictionary<string, long> { ["1"] = 240 - splitToTwo, ["2"] = splitToTwo + 20 }, RequestsPerVersion(reports.SelectMany(r => r.Versions)));
        Assert.Equal(new Dictionary<string, long> { ["1"] = 240 - splitToTwo, ["2"] = splitToTwo }, RequestsPerVersion(reports.SelectMany(r => r.Arms ?? [])));
        Assert.All(reports.Where(r => r.Arms is { Count: > 0 }), r => Assert.Equal("release-a", r.ExperimentId));
        Assert.All(reports.SelectMany(r => r.Versions), v => Assert.Equal(v.Requests, v.LatencyCount));
    }

    [Fact]
    public async Task Infer_AbortFaultOnVersion1_Fails503WithHowToClearAndCountsAsErrors()
    {
        const string Model = "faults";
        fixture.Traffic.Set(Model, new TrafficPolicy([], Faults: [new FaultInjection("1", 100, 503, 0, TimeSpan.Zero)]));

        var errors = new List<InferenceException>();
        for (var i = 0; i < 10; i++)
        {
            errors.Add(await Assert.ThrowsAsync<InferenceException>(() => fixture.InferAsync(Model, i)));
        }

        var unaffected = await fixture.InferAsync(Model, 99, version: "2");
        var reports = await fixture.Traffic.WaitForReportsAsync(Model, reports => reports.SelectMany(r => r.Versions).Sum(v => v.Requests) >= 11);
        var versions = reports.SelectMany(r => r.Versions).ToList();

        Assert.All(errors, e => Assert.Equal(InferenceErrorKind.Unavailable, e.Kind));
        Assert.Equal(
            "fault injected by an operator for version 1 (abort 100%); clear it with DELETE /v1/models/faults/versions/1/fault",
            errors[0].Message);
        Assert.Equal("2", unaffected.ModelVersion);
        Assert.Equal((10L, 10L), (versions.Where(v => v.Version == "1").Sum(v => v.Requests), versions.Where(v => v.Version == "1").Sum(v => v.Errors)));
        Assert.Equal(0, versions.Where(v => v.Version == "2").Sum(v => v.Errors));
    }

    [Fact]
    public async Task Infer_DelayFaultLongerThanDeadline_DeadlineExceededAndCountedAsError()
    {
        const string Model = "delay";
        fixture.Traffic.Set(Model, new TrafficPolicy([], Faults: [new FaultInjection("1", 0, 500, 100, TimeSpan.FromSeconds(30))]));

        var error = await Assert.ThrowsAsync<InferenceException>(() =>
            fixture.InferAsync(Model, 1, deadline: DateTimeOffset.UtcNow.AddMilliseconds(300)));
        var reports = await fixture.Traffic.WaitForReportsAsync(Model, reports => reports.SelectMany(r => r.Versions).Sum(v => v.Requests) >= 1);

        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        var outcomes = reports.SelectMany(r => r.Versions).Single(v => v.Version == "1");
        Assert.Equal((1L, 1L), (outcomes.Requests, outcomes.Errors));
    }

    [Fact]
    public async Task Infer_MirrorEveryRequestToVersion2_CallersAnsweredByVersion1CopiesReportedUnderVersion2()
    {
        const string Model = "mirror";
        fixture.Traffic.Set(Model, new TrafficPolicy([new VersionWeight("1", 100)], Mirror: new MirrorPolicy("2", 100),
            Experiment: new ExperimentArms("release-m", ReleaseKind.AbTest, "1", "3")));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("1", (await fixture.InferAsync(Model, i)).ModelVersion);
        }

        // The copies may still run after their callers were answered.
        var reports = await fixture.Traffic.WaitForReportsAsync(Model,
            reports => reports.SelectMany(r => r.Versions).Where(v => v.Version == "2").Sum(v => v.Requests) >= 20);

        var perVersion = RequestsPerVersion(reports.SelectMany(r => r.Versions));
        Assert.Equal(new Dictionary<string, long> { ["1"] = 20, ["2"] = 20 }, perVersion);
        Assert.Equal(0, reports.SelectMany(r => r.Versions).Sum(v => v.Errors));
        Assert.Equal(new Dictionary<string, long> { ["1"] = 20 }, RequestsPerVersion(reports.SelectMany(r => r.Arms ?? [])));
    }

    [Fact]
    public async Task ReportOutcomes_RouterRefusesForAWhile_EveryRequestReportedExactlyOnceAfterwards()
    {
        const string Model = "unsent";
        fixture.Traffic.RefuseReports(Model, refuse: true);
        for (var i = 0; i < 10; i++)
        {
            await fixture.InferAsync(Model, i);
        }

        await WaitUntilAsync(() => fixture.Traffic.RefusedCount(Model) >= 3);
        for (var i = 10; i < 15; i++)
        {
            await fixture.InferAsync(Model, i);
        }

        fixture.Traffic.RefuseReports(Model, refuse: false);
        var reports = await fixture.Traffic.WaitForReportsAsync(Model, reports => reports.SelectMany(r => r.Versions).Sum(v => v.Requests) >= 15);

        Assert.Equal(15, reports.SelectMany(r => r.Versions).Sum(v => v.Requests));
        Assert.Equal(15, reports.SelectMany(r => r.Versions).Sum(v => v.LatencyHistogram.Sum()));
        // The first ten were all refused at least once: the first report the router took carries them, merged back.
        Assert.True(reports[0].Versions.Sum(v => v.Requests) >= 10, $"the first accepted report holds {reports[0].Versions.Sum(v => v.Requests)} requests");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            // The fronts flush every 100 ms.
            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }

    private static Dictionary<string, long> RequestsPerVersion(IEnumerable<VersionOutcomes> outcomes) =>
        outcomes.GroupBy(o => o.Version).ToDictionary(g => g.Key, g => g.Sum(o => o.Requests));
}
