using System.Globalization;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>The issue's targets for the fabric against the bare server, and the table of every path's figures.</summary>
internal static class BareServerTargets
{
    private const double MaxAddedP50Ms = 0.060;

    public static void Add(ScenarioReport report, IReadOnlyList<BareRound> rounds)
    {
        var clients = BareServerScenario.LoadClients;
        foreach (var (path, wanted) in new[] { ("http-json", 0.6), ("http-binary", 0.7), ("grpc", 0.7) })
        {
            var ratio = Figure(rounds, r => r.ThroughputRatio(path));
            report.Checks.Add(TargetCheck.AtLeast($"{path} throughput vs bare server (iris, {clients} clients)", ratio.Median, wanted, "x",
                $"{path} req/s ÷ bare-json req/s, {ratio.Describe()}; first: {rounds[0].Loaded[path].Throughput} vs {rounds[0].Bare.Throughput} req/s"));
        }

        foreach (var path in new[] { "http-json", "http-binary", "grpc" })
        {
            var added = Figure(rounds, r => r.AddedP50Ms(path), "ms");
            report.Checks.Add(TargetCheck.AtMost($"{path} adds to p50 over bare server (iris, 1 client)", added.Median, MaxAddedP50Ms, " ms",
                $"{path} p50 − bare-json p50, {added.Describe()}; first: {rounds[0].Single[path].Latency.P50Ms} − {rounds[0].Single[BareServerScenario.BarePathName].Latency.P50Ms} ms"));
        }

        var grpcOverBinary = Figure(rounds, r => r.Single["grpc"].Latency.P50Ms - r.Single["http-binary"].Latency.P50Ms, "ms");
        report.Checks.Add(TargetCheck.AtMost("gRPC p50 minus HTTP binary p50 (iris, 1 client)", grpcOverBinary.Median, 0, " ms",
            $"grpc p50 − http-binary p50, {grpcOverBinary.Describe()}; first: {rounds[0].Single["grpc"].Latency.P50Ms} − {rounds[0].Single["http-binary"].Latency.P50Ms} ms"));
    }

    /// <summary>Every path's medians over the rounds: throughput and its ratio to the bare server, p50, p99, and the costs per request.</summary>
    public static ReportTable PathTable(IReadOnlyList<BareRound> rounds, IReadOnlyList<string> paths)
    {
        var clients = BareServerScenario.LoadClients;
        var rows = paths.Select(path => (IReadOnlyList<string>)
        [
            path,
            Number(Median(rounds, r => r.Loaded[path].Throughput), "0"),
            Median(rounds, r => r.ThroughputRatio(path)).ToString("0.00", CultureInfo.InvariantCulture) + "x",
            Number(Median(rounds, r => r.Loaded[path].Latency.P50Ms)),
            Number(Median(rounds, r => r.Single[path].Latency.P50Ms)),
            Number(Median(rounds, r => r.Single[path].Latency.P99Ms)),
            Number(Median(rounds, r => r.AddedP50Ms(path))),
            Number(Median(rounds, r => r.Loaded[path].ProcessAllocatedBytesPerRequest ?? double.NaN), "0"),
            Number(Median(rounds, r => r.Loaded[path].ProcessCpuMsPerRequest ?? double.NaN)),
            Number(Median(rounds, r => r.Loaded[path].ServerCpuMsPerRequest ?? double.NaN)),
        ]).ToList();
        return new ReportTable($"Every path, medians of {rounds.Count} round(s) (iris; costs per request at {clients} clients)",
            ["path", $"req/s ({clients} clients)", "vs bare", $"p50 ms ({clients})", "p50 ms (1 client)", "p99 ms (1 client)", "added p50 ms (1 client)",
             "alloc B/req", "CPU ms/req", "silo CPU ms/req"], rows);
    }

    private static RepeatedFigure Figure(IReadOnlyList<BareRound> rounds, Func<BareRound, double> figure, string unit = "x") =>
        new([.. rounds.Select(figure)], unit);

    private static double Median(IReadOnlyList<BareRound> rounds, Func<BareRound, double> figure) => Figure(rounds, figure).Median;

    private static string Number(double value, string format = "0.000") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";
}
