using System.Diagnostics;
using Xunit.Abstractions;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Releases;
using ServingFabric.Scaling;
using ServingFabric.Tests.Shared;
using static ServingFabric.Grains.Tests.Scaling.ScalingWaits;

namespace ServingFabric.Grains.Tests.Scaling;

[Collection(ScalingClusterCollection.Name)]
public sealed class LoadScalingTests(ScalingClusterFixture fixture, ITestOutputHelper output)
{
    private const string Model = "load";

    [Fact]
    public async Task Autoscaler_LoadOneReplicaCannotCarry_AddsReplicasThenReturnsToMinWithoutAFailedRequest()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>(Model);
        await StatusUntilAsync(router, s => s.Loaded && ReplicasOf(s) is [{ Health: ReplicaHealth.Healthy }], "one healthy replica");

        // The front's first request fetches metadata and the table; the load below should measure steady serving only.
        await InferAsync(fixture.Client.GetGrain<IInferenceFrontGrain>(Model), "warm-up", 0);

        // A target a single replica cannot meet under twelve closed-loop clients: any request in flight is half a replica's share.
        await router.SetScaling(new ScalingSettings(TargetInFlightPerReplica: 0.25), new ChangeAuthor("dave", "load test"));
        var mark = (await router.GetEvents(0)).Max(e => e.Sequence);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var failures = 0;
        var sent = 0;
        var clients = Enumerable.Range(0, 12).Select(client => Task.Run(async () =>
        {
            var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Model);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    await InferAsync(front, $"c{client}-{n}", (client * 100_000) + n);
                    Interlocked.Increment(ref sent);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();

        var scaledUp = await TableUntilAsync(router, t => ServingKeys(t).Count == 3, "three replicas serving under load");
        var serving = clock.Elapsed;

        // At the maximum the autoscaler still recommends more: the load holds until its next round has said so.
        await UntilAsync(() => router.GetEvents(mark), e => e.Any(x => x.Kind == ModelEventKind.ScalingLimited), "the scaling limit logged under load",
            e => string.Join("; ", e.Select(x => $"{x.Sequence} {x.Kind} {x.Message}")));
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        var stopped = clock.Elapsed;
        var back = await StatusUntilAsync(router, s => s.Scaling!.ReplicasByVersion["1"] == 1 && ReplicasOf(s).Count == 1, "back to one replica");
        output.WriteLine($"load step to three replicas serving: {serving.TotalSeconds:F1} s; load stop to one replica (2 s window, 0.5 s drain): {(clock.Elapsed - stopped).TotalSeconds:F1} s; {sent} requests, {failures} failed");
        var all = await router.GetEvents(mark);
        var events = all.Where(e => e.Kind == ModelEventKind.ReplicasScaled && e.ReplicaKey is null).ToList();
        var limited = all.Where(e => e.Kind == ModelEventKind.ScalingLimited).ToList();

        Assert.Equal(0, failures);
        Assert.True(sent > 0);
        Assert.Equal(["load/1/0", "load/1/1", "load/1/2"], ServingKeys(scaledUp));
        Assert.Contains(events, e => e.Message.StartsWith("scaled load/1 from 1 to ", StringComparison.Ordinal) && e.Message.Contains("in-flight per replica", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Message.StartsWith("scaled load/1 from ", StringComparison.Ordinal) && e.Message.Contains(" to 1 replicas: the highest recommendation in the last 2 s", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Message.StartsWith("drained and unloaded", StringComparison.Ordinal));
        Assert.Contains(limited, e => e.Message.StartsWith("load/1 needs more replicas than it may run: ", StringComparison.Ordinal)
            && e.Message.EndsWith("raise maxReplicas to scale further", StringComparison.Ordinal));
        Assert.Equal(["load/1/0"], ReplicasOf(back).Select(r => r.ReplicaKey));
    }

    private static async Task InferAsync(IInferenceFrontGrain front, string id, int seed)
    {
        var row = IrisReference.Rows(1, seed: seed);
        var response = await front.Infer(new InferenceRequest(id, Model, null, [TensorFactory.Create("input", [1, 4], row)], [new RequestedOutput("label")]));
        Assert.Equal(IrisReference.Compute(row).Label, Assert.Single(response.Outputs).ToArray<long>()[0]);
    }
}
