using System.Diagnostics;
using ServingFabric.Models;
using ServingFabric.Telemetry;

namespace ServingFabric.Grains.Tests.Tracing;

/// <summary>
/// A request's trace, as an OpenTelemetry exporter receives it, across two silos: one tree under the caller's span,
/// front → replica attempt → (Orleans call) → replica on its silo → batcher queue and engine run.
/// </summary>
public sealed class TracingClusterTests(TracingClusterFixture fixture) : IClassFixture<TracingClusterFixture>
{
    [Fact]
    public async Task Infer_TracedCaller_OneTreeFromFrontToEngineOnBothSilos()
    {
        // Both replicas held: the front's first request waits on one of them, and as that one now has a request in
        // flight the next goes to the other (power of two choices over two compares both), so both silos serve one.
        string[] replicas = [ReplicaKey.Format(TracingClusterFixture.Model, "1", 0), ReplicaKey.Format(TracingClusterFixture.Model, "1", 1)];
        Array.ForEach(replicas, fixture.Faults.Hold);
        var requests = new List<Task<ActivityTraceId>>();
        try
        {
            while (replicas.Any(r => fixture.Faults.CallsTo(r) == 0))
            {
                Assert.True(requests.Count < 8, $"{requests.Count} concurrent requests all went to one replica");
                var reached = replicas.Sum(fixture.Faults.CallsTo) + 1;
                requests.Add(fixture.InferTracedAsync(TracingClusterFixture.Model, requests.Count));
                await WaitUntilAsync(() => replicas.Sum(fixture.Faults.CallsTo) >= reached);
            }
        }
        finally
        {
            fixture.Faults.ReleaseAll();
        }

        var replicaSilos = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trace in await Task.WhenAll(requests))
        {
            var spans = await fixture.SpansOfAsync(trace, s => s.Any(Named("test request")) && s.Count(Named("engine run")) == 1
                && s.Count(Named("batch queue")) == 1 && s.Any(Named("replica infer")));

            var root = One(spans, "test request");
            var front = One(spans, "front infer");
            var attempt = One(spans, "replica call");
            var replica = One(spans, "replica infer");
            var queue = One(spans, "batch queue");
            var engine = One(spans, "engine run");

            // One tree: every span but the root has its parent in the trace.
            var ids = spans.Select(s => s.SpanId).ToHashSet();
            Assert.All(spans.Where(s => s != root), s => Assert.Contains(s.ParentSpanId, ids));
            Assert.True(IsUnder(front, root, spans), "the front's span is not under the caller's");
            Assert.Equal(front.SpanId, attempt.ParentSpanId);
            Assert.True(IsUnder(replica, attempt, spans), "the replica's span is not under the front's attempt (through the Orleans call)");
            Assert.NotEqual(attempt.SpanId, replica.ParentSpanId);
            Assert.Equal(replica.SpanId, queue.ParentSpanId);
            Assert.Equal(replica.SpanId, engine.ParentSpanId);

            Assert.Equal("traced", front.GetTagItem(FabricTracing.Tags.Model));
            Assert.Equal("1", front.GetTagItem(FabricTracing.Tags.Version));
            Assert.Equal(false, front.GetTagItem(FabricTracing.Tags.CacheHit));
            Assert.Equal(1, attempt.GetTagItem(FabricTracing.Tags.Attempt));
            Assert.Equal(attempt.GetTagItem(FabricTracing.Tags.Replica), replica.GetTagItem(FabricTracing.Tags.Replica));
            Assert.InRange((int)engine.GetTagItem(FabricTracing.Tags.BatchRows)!, 1, requests.Count);
            Assert.True(queue.StartTimeUtc + queue.Duration <= engine.StartTimeUtc + TimeSpan.FromMilliseconds(1), "the queue wait ends before the engine runs");
            Assert.True(spans.All(s => s.Status != ActivityStatusCode.Error), "a healthy request's trace has a failed span");
            replicaSilos.Add((string)replica.GetTagItem(FabricTracing.Tags.Silo)!);
        }

        Assert.Equal(2, replicaSilos.Count);
    }

    [Fact]
    public async Task Infer_FirstReplicaFails_TraceShowsFailedAttemptThenRetry()
    {
        // The replica on the front's own silo breaks: the front keeps taking it first on a tie of load (the balancer
        // prefers a local replica), fails there and retries on the other, until outlier detection ejects it.
        var broken = await LocalReplicaAsync(TracingClusterFixture.FaultyModel);
        fixture.Faults.Fail(broken);

        for (var n = 0; n < 40; n++)
        {
            var trace = await fixture.InferTracedAsync(TracingClusterFixture.FaultyModel, 100 + n);
            var spans = await fixture.SpansOfAsync(trace, s => s.Any(Named("test request")) && s.Any(Named("engine run")));
            var attempts = spans.Where(Named("replica call")).OrderBy(s => s.StartTimeUtc).ToList();
            if (attempts.Count == 1)
            {
                // The healthy replica looked less busy this time (its last reported queue was shorter): no retry.
                Assert.NotEqual(broken, attempts[0].GetTagItem(FabricTracing.Tags.Replica));
                Assert.Equal(ActivityStatusCode.Unset, attempts[0].Status);
                continue;
            }

            Assert.Equal(2, attempts.Count);
            Assert.Equal(broken, attempts[0].GetTagItem(FabricTracing.Tags.Replica));
            Assert.Equal(1, attempts[0].GetTagItem(FabricTracing.Tags.Attempt));
            Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
            Assert.Equal("error", attempts[0].GetTagItem(FabricTracing.Tags.Outcome));
            Assert.Equal(2, attempts[1].GetTagItem(FabricTracing.Tags.Attempt));
            Assert.Equal(ActivityStatusCode.Unset, attempts[1].Status);
            Assert.NotEqual(broken, attempts[1].GetTagItem(FabricTracing.Tags.Replica));
            Assert.True(IsUnder(One(spans, "engine run"), attempts[1], spans), "the engine ran under the second attempt");
            return;
        }

        Assert.Fail($"in 40 requests the front never chose its local replica {broken} first");
    }

    /// <summary>The key of <paramref name="model"/>'s replica on the gateway's silo (the fronts' silo), found from traces.</summary>
    private async Task<string> LocalReplicaAsync(string model)
    {
        for (var n = 0; n < 40; n++)
        {
            var spans = await fixture.SpansOfAsync(await fixture.InferTracedAsync(model, 200 + n), s => s.Any(Named("engine run")));
            var replica = One(spans, "replica infer");
            if ((string?)replica.GetTagItem(FabricTracing.Tags.Silo) == TracingClusterFixture.FrontSilo)
            {
                return (string)replica.GetTagItem(FabricTracing.Tags.Replica)!;
            }
        }

        throw new InvalidOperationException($"in 40 requests no replica of {model} on {TracingClusterFixture.FrontSilo} answered");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private static Activity One(IReadOnlyList<Activity> spans, string name)
    {
        var named = spans.Where(Named(name)).ToList();
        Assert.True(named.Count == 1, $"{named.Count} spans named '{name}' in the trace: {string.Join(", ", spans.Select(s => s.DisplayName))}");
        return named[0];
    }

    private static Func<Activity, bool> Named(string name) => s => s.DisplayName == name;

    private static bool IsUnder(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}
