using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServingFabric.Cli.Rendering;
using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Pipeline;
using ServingFabric.Optimization.Quantization;

namespace ServingFabric.Cli;

/// <summary>fabric models optimize: optimize here, gate, then register (and canary) through the management API.</summary>
internal static partial class FabricCommand
{
    /// <summary>models optimize: the candidate failed the accuracy gate and was not registered.</summary>
    public const int CandidateRefused = 5;

    // A canary's later steps after the first one given with --canary.
    private static readonly int[] CanarySteps = [25, 50, 100];

    private static async Task<int> OptimizeAsync(OptimizeModelCommand command, Session session, CancellationToken cancellationToken)
    {
        if (!File.Exists(command.Source))
        {
            throw new FabricRequestException($"{command.Source} does not exist; give the artifact of {command.Model} version {command.Version} with --source, or run where ./{command.Model}/{command.Version}/model.onnx is");
        }

        var set = ReadSet("--eval", command.Evaluation);
        var calibration = command.Calibration is { } calibrationFile ? ReadSet("--calibration", calibrationFile) : null;
        var request = new OptimizationRequest
        {
            Quantization = command.Quantize
                ? new QuantizationOptions
                {
                    PerChannel = command.PerChannel,
                    // Absent, the CPU that quantizes decides (7-bit weights where it has no VNNI).
                    ReduceRange = command.ReduceRange ? true : null,
                    KeepDepthwiseConvFloat = !command.QuantizeDepthwise,
                    KeepFloatOpTypes = command.KeepFloatOps,
                    KeepFloatNodes = command.KeepFloatNodes,
                    Calibration = command.Percentile is null ? CalibrationMethod.MinMax : CalibrationMethod.Percentile,
                    Percentile = command.Percentile ?? 99.99,
                }
                : null,
            Mode = command.Static ? QuantizationMode.Static : QuantizationMode.Dynamic,
            Calibration = calibration,
            Level = command.Level,
            Evaluation = set,
        };
        // Asked before the work, so that a wrong gateway or model fails in a second rather than after the gate.
        var version = command.Candidate ?? await NextVersionAsync(session, command.Model, cancellationToken);
        OptimizationResult result;
        try
        {
            result = ModelOptimizer.Optimize(await File.ReadAllBytesAsync(command.Source, cancellationToken), request);
        }
        catch (InvalidOperationException ex)
        {
            // The model cannot take this optimization (an operator the opset upgrader cannot carry to 13 for static QDQ, a signature that changed): nothing was registered.
            throw new FabricRequestException($"cannot optimize {command.Source}: {ex.Message}");
        }

        var (candidate, report) = result;

        // The report goes next to the artifact; the version's record keeps its figures and this path.
        Directory.CreateDirectory(command.Inbox);
        var artifact = Path.Combine(command.Inbox, $"{command.Model}-{version}.onnx");
        var reportPath = Path.ChangeExtension(artifact, ".optimization.md");
        await File.WriteAllTextAsync(reportPath, OptimizationReportFormats.ToMarkdown(report), cancellationToken);
        await File.WriteAllTextAsync(Path.ChangeExtension(artifact, ".optimization.json"), OptimizationReportFormats.ToJson(report), cancellationToken);
        OptimizationReportPlot.WriteHistogram(report, Path.ChangeExtension(artifact, ".optimization.png"));
        await session.Output.WriteLineAsync(command.Output == OutputFormat.Json ? OptimizationReportFormats.ToJson(report) : OptimizationReportFormats.ToMarkdown(report));
        if (!report.Passed)
        {
            await session.Output.WriteLineAsync($"fabric: the candidate was refused by the accuracy gate ({string.Join("; ", report.Gate.Failures)}) and not registered; report: {reportPath}. " +
                "Try --per-channel, keep sensitive layers in float, or --quantize none.");
            return CandidateRefused;
        }

        await File.WriteAllBytesAsync(artifact, candidate, cancellationToken);
        var register = new JsonObject
        {
            ["version"] = version,
            ["artifact"] = artifact,
            ["sha256"] = report.CandidateSha256,
            ["reason"] = Reason(command, report, reportPath),
            ["optimization"] = Record(command.Version, report, reportPath),
        };
        await SendAsync(session, command, ChangeOperation.RegisterVersion, version, register, cancellationToken);
        if (command.CanaryPercent is { } percent)
        {
            var steps = new JsonArray([percent, .. CanarySteps.Where(p => p > percent).Select(p => (JsonNode)p)]);
            await SendAsync(session, command, ChangeOperation.StartCanary, null, new JsonObject { ["version"] = version, ["steps"] = steps }, cancellationToken);
        }

        return Ok;
    }

    private static EvaluationSet ReadSet(string option, string path)
    {
        try
        {
            return EvaluationSetFile.Read(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new FabricRequestException($"{option} {path}: {ex.Message}");
        }
    }

    // Versions are folder numbers in the repository layout: the next free one.
    private static async Task<string> NextVersionAsync(Session session, string model, CancellationToken cancellationToken)
    {
        using var versions = await session.Api.ListVersionsAsync(model, cancellationToken);
        var highest = versions.RootElement.GetProperty("versions").EnumerateArray()
            .Select(v => long.TryParse(v.GetProperty("version").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return (highest + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task SendAsync(Session session, OptimizeModelCommand command, ChangeOperation operation, string? version, JsonObject body, CancellationToken cancellationToken)
    {
        var change = RequestBodies.Change(command.Url, operation, command.Model, version, body) with
        {
            ApiKey = command.ApiKey,
            ApiKeyFile = command.ApiKeyFile,
            Actor = command.Actor,
            Output = command.Output,
        };
        using var answer = await session.Api.ChangeAsync(change, cancellationToken);
        if (command.Output != OutputFormat.Json)
        {
            ChangeView.Write(session.Console, change.View, answer.RootElement, session.Environment.Time.GetUtcNow());
        }
    }

    // The version record's copy of the report (VersionOptimizationResponse): the figures, and where the whole report is.
    private static JsonObject Record(string sourceVersion, OptimizationReport report, string reportPath)
    {
        var steps = string.Join("; ", report.Steps);
        return new JsonObject
        {
            ["source_version"] = sourceVersion,
            ["steps"] = steps.Length <= 1000 ? steps : steps[..1000],
            ["samples"] = report.Gate.Samples,
            ["top1_agreement"] = report.Gate.Top1Agreement,
            ["source_accuracy"] = report.Gate.OriginalAccuracy,
            ["accuracy"] = report.Gate.CandidateAccuracy,
            ["max_abs_error"] = report.Gate.MaxAbsError,
            ["min_cosine_similarity"] = report.Gate.MinCosineSimilarity,
            ["source_bytes"] = report.OriginalBytes,
            ["bytes"] = report.CandidateBytes,
            ["report"] = reportPath.Length <= 500 ? reportPath : null,
        };
    }

    // At most 500 characters (the event log's limit): the verdict's figures and where the whole report is.
    private static string Reason(OptimizeModelCommand command, OptimizationReport report, string reportPath)
    {
        var gate = report.Gate;
        var accuracy = gate.OriginalAccuracy is { } before && gate.CandidateAccuracy is { } after
            ? string.Create(CultureInfo.InvariantCulture, $", accuracy {before:P2} -> {after:P2}")
            : string.Empty;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"optimized from version {command.Version}: {string.Join(", ", report.Steps)}; top-1 agreement {gate.Top1Agreement:P2}{accuracy}, min cosine {gate.MinCosineSimilarity:0.0000} on {gate.Samples} samples; report {reportPath}");
        return reason.Length <= 500 ? reason : reason[..500];
    }
}
