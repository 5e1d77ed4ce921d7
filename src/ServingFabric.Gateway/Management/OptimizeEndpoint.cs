using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Versions;
using ServingFabric.Deployment;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;
using ServingFabric.Optimization.Pipeline;
using ServingFabric.Optimization.Quantization;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// <c>POST /v1/models/{name}/versions/{version}/optimize</c>: <c>fabric models optimize</c> run on the gateway silo. The
/// version's artifact is read from the repository (verified against its recorded digest), optimized and gated on the
/// body's evaluation set; a passing candidate is imported as a new version with the gate's figures on its record (and
/// a canary of it started when asked), a failing one is refused with the gate's reasons and nothing is registered.
/// One optimization at a time per silo: it takes a core for seconds to minutes, beside the silo's inference.
/// </summary>
internal static partial class OptimizeEndpoint
{
    /// <summary>The largest artifact optimized here; larger models are optimized with the CLI on another machine.</summary>
    public const long MaxArtifactBytes = 512L * 1024 * 1024;

    private const int MaxSamples = 100_000;
    private const long MaxSampleValues = 16L * 1024 * 1024;
    private const string SetExpected = "{\"input\": name, \"shape\": [positive sizes], \"samples\": [[values], ...] each of the shape's size, \"labels\": [class per sample] or null}";
    private static readonly double[] CanarySteps = [25, 50, 100];
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private static readonly ManagementBodySchema<OptimizeVersionRequest> Body = new(
        ManagementJsonContext.Default.OptimizeVersionRequest,
        """{"quantize": "dynamic", "per_channel": true, "evaluation": {"input": "input", "shape": [4], "samples": [[5.1, 3.5, 1.4, 0.2]], "labels": [0]}, "canary_percent": 10, "reason": "int8 for cheaper CPU"}""",
        new Dictionary<string, string>
        {
            ["candidate"] = BodyMessages.VersionExpected,
            ["quantize"] = "\"dynamic\", \"static\" or \"none\"",
            ["percentile"] = "a percentile above 50 and at most 100, such as 99.99",
            ["level"] = "\"basic\" (portable) or \"extended\"",
            ["output"] = "\"classification\" or \"regression\"",
            ["evaluation"] = SetExpected,
            ["calibration"] = SetExpected,
            ["min_top1_agreement"] = "a share from 0 to 1, such as 0.99",
            ["max_accuracy_drop"] = "a share from 0 to 1, such as 0.01 for one point",
            ["canary_percent"] = "a percentage strictly between 0 and 100",
        });

    public static async Task OptimizeAsync(HttpContext context, string name, string version, IGrainFactory grains, IModelArtifactImporter importer, ILoggerFactory loggers)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        ManagedModels.EnsureVersionName(name, version);
        var body = await ManagementBody.ReadAsync(context.Request, Body);
        var request = Request(body);
        var canary = Body.Number("canary_percent", body.CanaryPercent, p => p is > 0 and < 100);
        var author = ManagedModels.Author(context, Body.Reason(body.Reason));
        var versions = await router.GetVersions();
        if (!versions.Any(v => v.Version == version && v.Lifecycle == VersionLifecycle.Active))
        {
            throw new InferenceException(InferenceErrorKind.NotFound, $"model '{name}' has no active version '{version}'; GET /v1/models/{name}/versions lists them");
        }

        var candidate = Body.Version("candidate", body.Candidate) ?? NextVersion(versions);
        if (!await OneAtATime.WaitAsync(0, context.RequestAborted))
        {
            throw new InferenceException(InferenceErrorKind.Conflict, "another optimization is running on this gateway silo; retry when it is done, or optimize with the CLI on another machine");
        }

        try
        {
            var logger = loggers.CreateLogger(typeof(OptimizeEndpoint).FullName!);
            var original = await importer.ReadAsync(name, version, MaxArtifactBytes, context.RequestAborted);
            LogStarted(logger, name, version, original.Length, candidate);
            var (model, report) = await Task.Run(() => Optimize(original, request), context.RequestAborted);
            LogGated(logger, name, version, candidate, report.Passed, string.Join("; ", report.Gate.Failures));
            if (!report.Passed)
            {
                throw new InferenceException(InferenceErrorKind.InvalidInput,
                    $"the candidate made from version {version} was refused by the accuracy gate ({string.Join("; ", report.Gate.Failures)}); nothing was registered. " +
                    "Try per_channel, keep sensitive layers in float (keep_float_ops, keep_float_nodes), or quantize \"none\"");
            }

            var sha256 = await importer.ImportAsync(name, candidate, model, $"optimized from version {version} on this silo", context.RequestAborted);
            var record = Record(version, report);
            var registered = await router.RegisterVersion(new VersionRegistration(candidate, $"optimized from {name} version {version}", sha256, false, record), author);
            var started = canary is { } percent
                ? await router.StartCanary(new CanaryRequest(candidate, [percent, .. CanarySteps.Where(s => s > percent)]), author)
                : null;
            context.Response.Headers.Location = $"/v1/models/{name}/versions/{candidate}";
            var answer = new OptimizeVersionResponse(name, ManagementAnswers.Version(name, registered), OptimizationReportFormats.ToMarkdown(report),
                started is null ? null : ManagementAnswers.Experiment(name, started));
            await ManagementAnswers.WriteAsync(context, StatusCodes.Status201Created, answer, ManagementJsonContext.Default.OptimizeVersionResponse);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static OptimizationResult Optimize(byte[] original, OptimizationRequest request)
    {
        try
        {
            return ModelOptimizer.Optimize(original, request);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OnnxRuntimeException or ArgumentException or Google.Protobuf.InvalidProtocolBufferException)
        {
            // The model cannot take this optimization (an opset too old for static QDQ, a signature that changed), or the
            // evaluation set does not fit the model (its input name, shape or values).
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"cannot optimize this version: {ex.Message}");
        }
    }

    private static OptimizationRequest Request(OptimizeVersionRequest body)
    {
        var mode = body.Quantize ?? "dynamic";
        if (mode is not ("dynamic" or "static" or "none"))
        {
            throw Body.Fail("quantize", $"is {BodyMessages.Quote(mode)}", Body.ExpectedOf("quantize")!);
        }

        var percentile = Body.Number("percentile", body.Percentile, p => p is > 50 and <= 100);
        var level = body.Level ?? "basic";
        var limits = new GateLimits
        {
            MinTop1Agreement = Body.Number("min_top1_agreement", body.MinTop1Agreement, s => s is >= 0 and <= 1) ?? 0.99,
            MaxAccuracyDrop = Body.Number("max_accuracy_drop", body.MaxAccuracyDrop, s => s is >= 0 and <= 1) ?? 0.01,
        };
        return new OptimizationRequest
        {
            Quantization = mode == "none" ? null : new QuantizationOptions
            {
                PerChannel = body.PerChannel ?? false,
                ReduceRange = body.ReduceRange,
                KeepFloatOpTypes = Names("keep_float_ops", body.KeepFloatOps),
                KeepFloatNodes = Names("keep_float_nodes", body.KeepFloatNodes),
                Calibration = percentile is null ? CalibrationMethod.MinMax : CalibrationMethod.Percentile,
                Percentile = percentile ?? 99.99,
            },
            Mode = mode == "static" ? QuantizationMode.Static : QuantizationMode.Dynamic,
            Level = level switch
            {
                "basic" => GraphLevel.Basic,
                "extended" => GraphLevel.Extended,
                _ => throw Body.Fail("level", $"is {BodyMessages.Quote(level)}", Body.ExpectedOf("level")!),
            },
            Evaluation = Set("evaluation", body.Evaluation),
            Calibration = body.Calibration is { } calibration ? Set("calibration", calibration) : null,
            Gate = new GateOptions
            {
                Kind = (body.Output ?? "classification") switch
                {
                    "classification" => OutputKind.Classification,
                    "regression" => OutputKind.Regression,
                    var other => throw Body.Fail("output", $"is {BodyMessages.Quote(other)}", Body.ExpectedOf("output")!),
                },
                Limits = limits,
            },
            LoadTimings = 3,
        };
    }

    // A set the optimizer can run: a shape of positive sizes, samples of exactly that size, one label per sample; bounded.
    private static EvaluationSet Set(string field, EvaluationSetRequest set)
    {
        if (set.Input.Length is 0 or > 256)
        {
            throw Body.Fail($"{field}.input", $"has {set.Input.Length} characters", "the model input's name, 1 to 256 characters");
        }

        var size = 1L;
        foreach (var dimension in set.Shape)
        {
            size = dimension is > 0 and <= MaxSampleValues ? size * dimension : throw Body.Fail($"{field}.shape", $"has a size {dimension}", SetExpected);
            if (size > MaxSampleValues)
            {
                throw Body.Fail($"{field}.shape", $"holds over {MaxSampleValues} values", SetExpected);
            }
        }

        if (set.Samples.Count is 0 or > MaxSamples || size * set.Samples.Count > MaxSampleValues)
        {
            throw Body.Fail($"{field}.samples", $"has {set.Samples.Count} samples of {size} values", $"1 to {MaxSamples} samples, at most {MaxSampleValues} values in all");
        }

        for (var i = 0; i < set.Samples.Count; i++)
        {
            if (set.Samples[i].Length != size || set.Samples[i].Any(v => !float.IsFinite(v)))
            {
                throw Body.Fail($"{field}.samples[{i}]", $"has {set.Samples[i].Length} values", $"{size} finite values, the shape's size");
            }
        }

        if (set.Labels is { } labels && (labels.Count != set.Samples.Count || labels.Any(l => l < 0)))
        {
            throw Body.Fail($"{field}.labels", $"has {labels.Count} labels", $"one class index (0 or more) per sample: {set.Samples.Count}");
        }

        return new EvaluationSet(set.Input, set.Shape, set.Samples, set.Labels);
    }

    private static HashSet<string> Names(string field, IReadOnlyList<string>? names) =>
        names is null ? new HashSet<string>(StringComparer.Ordinal)
        : names.Count <= 1000 && names.All(n => n.Length is > 0 and <= 256) ? new HashSet<string>(names, StringComparer.Ordinal)
        : throw Body.Fail(field, $"has {names.Count} names", "at most 1000 names of 1 to 256 characters");

    // Versions are folder numbers in the repository layout: the next free one.
    private static string NextVersion(IReadOnlyList<ModelVersionInfo> versions) =>
        (versions.Select(v => long.TryParse(v.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1)
            .ToString(CultureInfo.InvariantCulture);

    private static VersionOptimization Record(string sourceVersion, OptimizationReport report)
    {
        var steps = string.Join("; ", report.Steps);
        return new VersionOptimization(sourceVersion, steps.Length <= VersionOptimization.MaxStepsLength ? steps : steps[..VersionOptimization.MaxStepsLength],
            report.Gate.Samples, report.Gate.Top1Agreement, report.Gate.OriginalAccuracy, report.Gate.CandidateAccuracy,
            report.Gate.MaxAbsError, report.Gate.MinCosineSimilarity, report.OriginalBytes, report.CandidateBytes, Report: null);
    }

    [LoggerMessage(1, LogLevel.Information, "Optimizing version {Version} of model {Model} ({Bytes} bytes) into candidate version {Candidate}: quantization, graph optimization, then the accuracy gate")]
    private static partial void LogStarted(ILogger logger, string model, string version, int bytes, string candidate);

    [LoggerMessage(2, LogLevel.Information, "Candidate {Candidate} of model {Model} (from version {Version}) passed the accuracy gate: {Passed}. Failures: {Failures}")]
    private static partial void LogGated(ILogger logger, string model, string version, string candidate, bool passed, string failures);
}
