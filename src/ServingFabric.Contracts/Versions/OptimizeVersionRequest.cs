using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Versions;

/// <summary>
/// <c>POST /v1/models/{name}/versions/{version}/optimize</c>: make a candidate from the version on the gateway silo
/// (int8 quantization, then ONNX Runtime's graph optimizer), gate it on <see cref="Evaluation"/> against the version,
/// and register it (and start a canary of it) when it passes. Only <see cref="Evaluation"/> is required.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OptimizeVersionRequest
{
    /// <summary>The new version's number; null: one above the highest registered.</summary>
    public string? Candidate { get; init; }

    /// <summary><c>"dynamic"</c> (MatMul/Gemm weights), <c>"static"</c> (calibrated QDQ) or <c>"none"</c>; null: dynamic.</summary>
    public string? Quantize { get; init; }

    /// <summary>int8 weights per output channel rather than per tensor; null: false.</summary>
    public bool? PerChannel { get; init; }

    /// <summary>7-bit weights (for CPUs without VNNI); null: decided by the CPU of the silo that quantizes (7 bits where it has no VNNI).</summary>
    public bool? ReduceRange { get; init; }

    /// <summary>Static only: the percentile of activations kept (such as 99.99); null: min-max calibration.</summary>
    public double? Percentile { get; init; }

    /// <summary>Operator types left in float.</summary>
    public IReadOnlyList<string>? KeepFloatOps { get; init; }

    /// <summary>Node names left in float.</summary>
    public IReadOnlyList<string>? KeepFloatNodes { get; init; }

    /// <summary><c>"basic"</c> (portable, the level to ship) or <c>"extended"</c>; null: basic.</summary>
    public string? Level { get; init; }

    /// <summary>The samples the accuracy gate runs both models on.</summary>
    public required EvaluationSetRequest Evaluation { get; init; }

    /// <summary>Static only: the calibration samples; null calibrates on <see cref="Evaluation"/>.</summary>
    public EvaluationSetRequest? Calibration { get; init; }

    /// <summary><c>"classification"</c> (top-1 agreement) or <c>"regression"</c> (cosine similarity); null: classification.</summary>
    public string? Output { get; init; }

    /// <summary>Classifiers: the least top-1 agreement that passes (0 to 1); null: 0.99.</summary>
    public double? MinTop1Agreement { get; init; }

    /// <summary>Classifiers with labels: the largest accuracy drop that passes (0 to 1); null: 0.01.</summary>
    public double? MaxAccuracyDrop { get; init; }

    /// <summary>Start a canary of the candidate at this percentage (then 25, 50, 100) once registered; null: none.</summary>
    public double? CanaryPercent { get; init; }

    /// <summary>Why, recorded in the event log (at most 500 characters).</summary>
    public string? Reason { get; init; }
}

/// <summary>Samples of one FP32 input: <c>{"input": "input", "shape": [4], "samples": [[5.1, 3.5, 1.4, 0.2]], "labels": [0]}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EvaluationSetRequest
{
    /// <summary>The model input the samples feed.</summary>
    public required string Input { get; init; }

    /// <summary>One sample's shape, without the batch dimension.</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    /// <summary>The samples, each flattened row-major.</summary>
    public required IReadOnlyList<float[]> Samples { get; init; }

    /// <summary>Classifiers: each sample's true class; null when not labelled.</summary>
    public IReadOnlyList<int>? Labels { get; init; }
}

/// <summary>The answer of a passing optimization: the registered version (with its optimization record), the report, the canary.</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version registered.</param>
/// <param name="Report">The optimizer's report in Markdown.</param>
/// <param name="Canary">The canary started; null when none was asked for.</param>
public sealed record OptimizeVersionResponse(string Model, VersionResponse Version, string Report, Releases.ExperimentResponse? Canary);
