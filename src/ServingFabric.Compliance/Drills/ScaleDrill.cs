using System.Diagnostics;
using ServingFabric.Compliance.Collection;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Perf.Measurement;

namespace ServingFabric.Compliance.Drills;

/// <summary>
/// The scale drill: low, high, then low load (the high step at four times the load drill's rate), while the model's
/// replicas and new scaling decisions are sampled. Whether the fabric scales within the steps depends on its
/// stabilization windows; a drill that sees no decision leaves SCALE-2/3 unevidenced rather than failed.
/// </summary>
internal static class ScaleDrill
{
    public static async Task<Sourced<ScaleDrillResult>> RunAsync(
        HttpClient http, FabricHttp fabric, string? apiKey, ModelMetadata model, DrillOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        const string source = "scale drill";
        var (body, why) = ZeroInferRequest.For(model);
        if (body is null)
        {
            return Sourced.Unavailable<ScaleDrillResult>(source, why!);
        }

        var low = Math.Clamp(options.LoadRate, 0.1, DrillOptions.MaxRate / 4);
        double[] steps = [low, low * 4, low];
        var stepSeconds = Math.Clamp(options.ScaleStepSeconds, 1, DrillOptions.MaxSeconds / 3);
        var started = Stopwatch.GetTimestamp();
        var startedAt = DateTimeOffset.UtcNow;
        var timeline = new List<ReplicaSample>();
        var ups = new SortedSet<string>(StringComparer.Ordinal);
        var downs = new SortedSet<string>(StringComparer.Ordinal);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = new ModelViewSampler(fabric, model.Name, TimeSpan.FromSeconds(1)).RunAsync(view =>
        {
            timeline.Add(new(Stopwatch.GetElapsedTime(started).TotalSeconds, view.Scaling?.ReplicasByVersion.Values.Sum() ?? view.Versions.Sum(v => v.Replicas.Count)));
            foreach (var d in view.Scaling?.RecentDecisions.Where(d => d.At >= startedAt) ?? [])
            {
                (d.To > d.From ? ups : downs).Add($"{d.At:u} v{d.Version}: {d.From} → {d.To} ({d.Reason})");
            }
        }, sampling.Token);
        foreach (var rate in steps)
        {
            progress.Report($"scale drill: {rate} req/s for {stepSeconds} s");
            var path = new HttpInferPath(http, fabric.BaseAddress, apiKey, model.Name, body);
            await OpenLoopRunner.RunAsync(path, new OpenLoopOptions(rate, ArrivalProcess.Constant, TimeSpan.Zero, TimeSpan.FromSeconds(stepSeconds), 4096, 18031), "scale step", cancellationToken);
        }

        await sampling.CancelAsync();
        await sampler;
        return Sourced.Read(source, new ScaleDrillResult(model.Name, timeline, [.. ups], [.. downs], steps));
    }
}
