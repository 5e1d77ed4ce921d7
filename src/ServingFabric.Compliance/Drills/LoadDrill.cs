using ServingFabric.Compliance.Collection;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Perf.Measurement;

namespace ServingFabric.Compliance.Drills;

/// <summary>
/// The load drill: the perf harness's open loop at a fixed rate for a fixed time against one model, while the
/// operator view is sampled to see which replicas did the work.
/// </summary>
internal static class LoadDrill
{
    public static async Task<Sourced<LoadDrillResult>> RunAsync(
        HttpClient http, FabricHttp fabric, string? apiKey, ModelMetadata model, double latencyObjectiveMs, DrillOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        const string source = "load drill";
        var (body, why) = ZeroInferRequest.For(model);
        if (body is null)
        {
            return Sourced.Unavailable<LoadDrillResult>(source, why!);
        }

        var rate = Math.Clamp(options.LoadRate, 0.1, DrillOptions.MaxRate);
        var seconds = Math.Clamp(options.LoadSeconds, 1, DrillOptions.MaxSeconds);
        progress.Report($"load drill: {rate} req/s for {seconds} s on {model.Name}");
        var path = new HttpInferPath(http, fabric.BaseAddress, apiKey, model.Name, body);
        var busy = new Dictionary<string, int>(StringComparer.Ordinal);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = new ModelViewSampler(fabric, model.Name, options.SampleInterval).RunAsync(view =>
        {
            foreach (var replica in view.Versions.SelectMany(v => v.Replicas))
            {
                busy[replica.Key] = busy.GetValueOrDefault(replica.Key) + (replica.InFlight + replica.QueueDepth > 0 ? 1 : 0);
            }
        }, sampling.Token);
        var open = new OpenLoopOptions(rate, ArrivalProcess.Constant, TimeSpan.Zero, TimeSpan.FromSeconds(seconds), MaxOutstanding: 4096, Seed: 18031)
        {
            DrainTimeout = TimeSpan.FromSeconds(30),
        };
        var run = await OpenLoopRunner.RunAsync(path, open, "compliance load drill", cancellationToken);
        await sampling.CancelAsync();
        await sampler;
        var timeline = path.Timeline;
        var within = timeline.Count(p => p.Succeeded && p.LatencyMs <= latencyObjectiveMs);
        var sent = run.Completed + run.Errors + run.Refused;
        progress.Report($"load drill: {run.Completed} of {sent} succeeded, p99 {run.Latency.P99Ms} ms");
        return Sourced.Read(source, new LoadDrillResult(model.Name, rate, seconds, sent, run.Completed, run.Refused, run.Errors,
            run.Latency.P50Ms, run.Latency.P90Ms, run.Latency.P99Ms, latencyObjectiveMs, within, timeline, busy, run.FirstError));
    }
}
