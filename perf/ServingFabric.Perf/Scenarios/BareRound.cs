using ServingFabric.Perf.Measurement;

namespace ServingFabric.Perf.Scenarios;

/// <summary>One round of the bare-server scenario: every path under load (by path name) and at one client.</summary>
internal sealed record BareRound(IReadOnlyDictionary<string, RunResult> Loaded, IReadOnlyDictionary<string, RunResult> Single)
{
    public RunResult Bare => Loaded[BareServerScenario.BarePathName];

    /// <summary>The path's throughput under load over the bare server's.</summary>
    public double ThroughputRatio(string path) => Loaded[path].Throughput / Bare.Throughput;

    /// <summary>The path's one-client p50 minus the bare server's, in milliseconds.</summary>
    public double AddedP50Ms(string path) => Single[path].Latency.P50Ms - Single[BareServerScenario.BarePathName].Latency.P50Ms;
}
