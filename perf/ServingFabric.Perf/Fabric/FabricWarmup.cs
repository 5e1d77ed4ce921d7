using System.Diagnostics;
using System.Globalization;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// A fresh silo compiles its request path on the first requests and recompiles the hot methods optimized (tiered
/// compilation) over the next seconds, on a background thread that competes with the requests for the silo's cores.
/// Measuring then would charge start-up to the steady state. The warm-up sends rounds of requests over every path
/// the scenarios use, to every model, until the silo's own JIT counter (<c>dotnet_jit_compiled_methods</c> at
/// /metrics) stops growing for <see cref="QuietRounds"/> rounds, or the time limit passes. Every request must be answered.
/// </summary>
internal static class FabricWarmup
{
    /// <summary>Methods compiled during a round that still count as settled (a timer or a rare path).</summary>
    public const int SettledGrowth = 5;

    public const int QuietRounds = 3;

    private const int RequestsPerPath = 8;
    private const string JitCounter = "dotnet_jit_compiled_methods";

    // Longer than the Prometheus exporter's scrape cache (300 ms), so each round reads a fresh count.
    private static readonly TimeSpan MinRound = TimeSpan.FromMilliseconds(500);

    public static async Task<WarmupOutcome> RunAsync(PerfFabric fabric, int seed, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fabric);
        var paths = Paths(fabric, seed);
        var started = Stopwatch.GetTimestamp();
        long? compiled = null;
        var rounds = 0;
        var quiet = 0;
        while (true)
        {
            var roundStarted = Stopwatch.GetTimestamp();
            do
            {
                await SendRoundAsync(paths, cancellationToken);
            }
            while (Stopwatch.GetElapsedTime(roundStarted) < MinRound);

            rounds++;
            var now = await ReadCompiledMethodsAsync(fabric.Http, cancellationToken);
            quiet = now is { } n && compiled is { } before && n - before <= SettledGrowth ? quiet + 1 : 0;
            compiled = now;
            if (now is null || quiet >= QuietRounds || Stopwatch.GetElapsedTime(started) >= limit)
            {
                return new WarmupOutcome(rounds, compiled, quiet >= QuietRounds, Stopwatch.GetElapsedTime(started));
            }
        }
    }

    /// <summary>The silo's JIT-compiled method count from its /metrics, or null when it does not export one.</summary>
    public static long? ParseCompiledMethods(string metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(JitCounter, StringComparison.Ordinal))
            {
                continue;
            }

            // name{labels} value [timestamp]
            var afterName = line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            var fields = line[afterName..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return (long)value;
            }
        }

        return null;
    }

    private static async Task<long?> ReadCompiledMethodsAsync(HttpClient http, CancellationToken cancellationToken) =>
        ParseCompiledMethods(await http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken));

    private static List<IRequestPath> Paths(PerfFabric fabric, int seed)
    {
        string[] iris = [PerfModels.Iris, PerfModels.IrisBatching, PerfModels.IrisDelay];
        string[] ocr = [PerfModels.Ocr, PerfModels.OcrNoBatch, PerfModels.OcrBounded];
        var payloads = iris.Select(m => (Model: m, Payload: (IPayloadSource)new FixedPayload(PerfInputs.Iris(m))))
            .Concat(ocr.Select(m => (Model: m, Payload: (IPayloadSource)new FixedPayload(PerfInputs.Ocr(m, fabric.MetadataOf(m), seed)))));
        var paths = new List<IRequestPath>();
        foreach (var (model, payload) in payloads)
        {
            paths.Add(new HttpPath(fabric.Http, model, payload, binary: true));
            paths.Add(new HttpPath(fabric.Http, model, payload, binary: false));
            if (fabric.Sdk is { } sdk)
            {
                paths.Add(new SdkPath("sdk-orleans", model, sdk, payload));
            }
        }

        return paths;
    }

    private static async Task SendRoundAsync(List<IRequestPath> paths, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            for (var i = 0; i < RequestsPerPath; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await path.SendAsync(i) != RequestOutcome.Ok)
                {
                    throw new InvalidOperationException($"warm-up request {i} to '{path.Model}' over {path.Name} was refused; the silo is not serving it.");
                }
            }
        }
    }
}

/// <summary>How the warm-up ended: rounds sent, the silo's compiled-method count, whether it settled, and how long it took.</summary>
internal sealed record WarmupOutcome(int Rounds, long? CompiledMethods, bool Settled, TimeSpan Elapsed)
{
    public string Describe() =>
        CompiledMethods is null
            ? $"{Rounds} round(s) in {Elapsed.TotalSeconds:0.0} s (the silo exports no JIT counter)"
            : $"{Rounds} round(s) in {Elapsed.TotalSeconds:0.0} s, JIT {(Settled ? "settled" : "still compiling")} at {CompiledMethods} methods";
}
