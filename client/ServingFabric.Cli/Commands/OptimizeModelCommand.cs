using ServingFabric.Optimization.Graph;

namespace ServingFabric.Cli;

/// <summary>
/// fabric models optimize: makes a candidate from a version's artifact on this machine, gates it, and registers it
/// (then starts a canary of it) when it passes.
/// </summary>
/// <param name="Url">The gateway.</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The version optimized.</param>
/// <param name="Source">The version's artifact on this machine.</param>
/// <param name="Inbox">Where the candidate and its report are written: a folder the gateway imports from, at the same path.</param>
/// <param name="Candidate">The new version's number; null: one above the highest registered.</param>
/// <param name="Evaluation">The evaluation set file.</param>
internal sealed record OptimizeModelCommand(Uri Url, string Model, string Version, string Source, string Inbox, string? Candidate, string Evaluation) : CliCommand(Url)
{
    /// <summary>--quantize dynamic or static; false: none.</summary>
    public bool Quantize { get; init; }

    /// <summary>--quantize static: calibrated QDQ.</summary>
    public bool Static { get; init; }

    /// <summary>--calibration: the calibration set file; null: the evaluation set.</summary>
    public string? Calibration { get; init; }

    /// <summary>--percentile: percentile calibration; null: min-max.</summary>
    public double? Percentile { get; init; }

    public bool PerChannel { get; init; }

    public bool ReduceRange { get; init; }

    /// <summary>--quantize-depthwise: static quantization quantizes depthwise Conv too (by default they stay in float).</summary>
    public bool QuantizeDepthwise { get; init; }

    /// <summary>--keep-float-ops: operator types left in float.</summary>
    public IReadOnlySet<string> KeepFloatOps { get; init; } = new HashSet<string>();

    /// <summary>--keep-float-nodes: node names left in float.</summary>
    public IReadOnlySet<string> KeepFloatNodes { get; init; } = new HashSet<string>();

    public GraphLevel Level { get; init; }

    /// <summary>--canary N: start a canary at N percent once registered; null: none.</summary>
    public int? CanaryPercent { get; init; }
}
