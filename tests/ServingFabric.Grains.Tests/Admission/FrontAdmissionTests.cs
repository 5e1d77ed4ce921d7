using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Grains.Deployment;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Releases;
using ServingFabric.Scaling;
using ServingFabric.Tensors;
using ServingFabric.Tests.Shared;
using Xunit.Abstractions;

namespace ServingFabric.Grains.Tests.Admission;

/// <summary>
/// Admission through the real request path: limits set with the router's <c>SetScaling</c> reach the fronts in the
/// routing table; the fronts of the silo share one gate per version.
/// </summary>
public sealed class FrontAdmissionTests(AdmissionClusterFixture fixture, ITestOutputHelper output) : IClassFixture<AdmissionClusterFixture>
{
    private const string Model = AdmissionClusterFixture.Model;

    [Fact]
    public async Task Infer_AboveTheLimits_RefusedWith429AtOnceWhileAdmittedAndQueuedRequestsAreServed()
    {
        await LimitAsync(new AdmissionLimits(MaxConcurrency: 2, MaxQueueLength: 2, QueueTimeout: TimeSpan.FromSeconds(30)));
        fixture.Held.Hold();
        var rows = IrisReference.Rows(4, seed: 21);

        // Two requests take the slots and wait at the replica; two more wait in the silo's queue.
        var admitted = Enumerable.Range(0, 4).Select(i => InferAsync($"a{i}", rows.AsSpan(i * 4, 4).ToArray())).ToList();
        await fixture.Held.ArrivedAsync(2);
        await WaitUntilAsync(() => fixture.Gates.Describe().Any(g => g.Model == Model && g.InService == 2 && g.Waiting == 2));

        // Later ones are refused while every earlier request is still held: they waited for none of them.
        var refusals = new List<(InferenceException Error, TimeSpan Elapsed)>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<InferenceException>(() => InferAsync($"refused{i}", rows.AsSpan(0, 4).ToArray()));
            refusals.Add((error, watch.Elapsed));
        }

        Assert.All(admitted, request => Assert.False(request.IsCompleted));
        var refusal = refusals[^1].Error;

        Assert.Equal(InferenceErrorKind.QueueFull, refusal.Kind);
        Assert.Equal(429, refusal.StatusCode);
        Assert.True(refusal.RetryAfterSeconds >= 1, $"Retry-After {refusal.RetryAfterSeconds}");
        Assert.Contains("admission limit", refusal.Message, StringComparison.Ordinal);
        output.WriteLine($"429s answered in {string.Join(", ", refusals.Select(r => $"{r.Elapsed.TotalMilliseconds:F2}"))} ms with Retry-After {refusal.RetryAfterSeconds} s while 4 requests were held");

        fixture.Held.Release();
        var responses = await Task.WhenAll(admitted);
        var served = Stopwatch.StartNew();
        await InferAsync("after", rows.AsSpan(0, 4).ToArray());
        output.WriteLine($"an admitted request after the release took {served.Elapsed.TotalMilliseconds:F2} ms");
        for (var i = 0; i < 4; i++)
        {
            var label = Assert.Single(responses[i].Outputs, o => o.Name == "label").ToArray<long>()[0];
            Assert.Equal(IrisReference.Compute(rows.AsSpan(i * 4, 4)).Label, label);
        }

        await WaitUntilAsync(() => fixture.Gates.Describe().Any(g => g.Model == Model && g.InService == 0 && g.Waiting == 0));
    }

    [Fact]
    public async Task Infer_QueuedLongerThanTheQueueTimeout_Gets429AndTheHeldRequestStillSucceeds()
    {
        await LimitAsync(new AdmissionLimits(MaxConcurrency: 1, MaxQueueLength: 1, QueueTimeout: TimeSpan.FromMilliseconds(200)));
        fixture.Held.Hold();
        var rows = IrisReference.Rows(1, seed: 22);

        var held = InferAsync("held", rows);
        await fixture.Held.ArrivedAsync(1);
        var timedOut = await Assert.ThrowsAsync<InferenceException>(() => InferAsync("queued", rows));
        fixture.Held.Release();

        Assert.True(timedOut.Kind == InferenceErrorKind.QueueFull, $"{timedOut.Kind}: {timedOut.Message}");
        Assert.Contains("queue timeout", timedOut.Message, StringComparison.Ordinal);
        Assert.Equal(IrisReference.Compute(rows).Label, Assert.Single((await held).Outputs, o => o.Name == "label").ToArray<long>()[0]);
    }

    // Sets the limits and waits until the silo's front applies them (its routing table is refreshed on a short TTL).
    private async Task LimitAsync(AdmissionLimits limits)
    {
        fixture.Held.Release();
        await fixture.Cluster.GetSiloServiceProvider().GetRequiredService<ModelDeployer>().LoadAsync(Model, CancellationToken.None);
        await fixture.Client.GetGrain<IModelRouterGrain>(Model).SetScaling(
            new ScalingSettings(MaxConcurrency: limits.MaxConcurrency, MaxQueueLength: limits.MaxQueueLength, QueueTimeout: limits.QueueTimeout),
            new ChangeAuthor("admission-tests", "limits under test"));
        var probe = IrisReference.Rows(1, seed: 1);
        await WaitUntilAsync(async () =>
        {
            await InferAsync("probe", probe);
            return fixture.Gates.Find(Model, "1")?.Limits == limits;
        });
    }

    private Task<InferenceResponse> InferAsync(string id, float[] rows) =>
        fixture.Client.GetGrain<IInferenceFrontGrain>(Model).Infer(
            new InferenceRequest(id, Model, null, [TensorFactory.Create("input", [rows.Length / 4, 4], rows)]));

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
