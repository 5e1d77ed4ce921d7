using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ServingFabric.Optimization.Gate;

namespace ServingFabric.Optimization.Pipeline;

/// <summary>The report as Markdown (for people and pull requests) and JSON (for tools and the version record).</summary>
public static class OptimizationReportFormats
{
    public static string ToJson(OptimizationReport report) =>
        JsonSerializer.Serialize(report, OptimizationJsonContext.Default.OptimizationReport);

    public static OptimizationReport? FromJson(string json) =>
        JsonSerializer.Deserialize(json, OptimizationJsonContext.Default.OptimizationReport);

    public static string ToMarkdown(OptimizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var gate = report.Gate;
        var text = new StringBuilder();
        Line(text, $"## Model optimization: {(report.Passed ? "PASSED" : "REFUSED")}");
        Line(text, string.Empty);
        foreach (var step in report.Steps)
        {
            Line(text, $"- {step}");
        }

        Line(text, string.Empty);
        Line(text, "| | original | candidate |");
        Line(text, "|---|---:|---:|");
        Line(text, $"| size | {Bytes(report.OriginalBytes)} | {Bytes(report.CandidateBytes)} |");
        Line(text, $"| load time (median) | {Milliseconds(report.OriginalLoadMilliseconds)} | {Milliseconds(report.CandidateLoadMilliseconds)} |");
        if (gate.OriginalAccuracy is { } original && gate.CandidateAccuracy is { } candidate)
        {
            Line(text, $"| accuracy ({gate.Samples} labelled samples) | {original:P2} | {candidate:P2} |");
        }

        Line(text, string.Empty);
        Line(text, $"Output `{gate.OutputName}` ({gate.Kind.ToString().ToLowerInvariant()}), {gate.Samples} samples:");
        if (gate.Top1Agreement is { } agreement)
        {
            Line(text, $"- top-1 agreement {agreement:P2} (limit ≥ {gate.Limits.MinTop1Agreement:P2})");
        }

        Line(text, $"- absolute error max {gate.MaxAbsError:G4}, mean {gate.MeanAbsError:G4}");
        Line(text, $"- cosine similarity min {gate.MinCosineSimilarity:0.000000}, mean {gate.MeanCosineSimilarity:0.000000}");
        Line(text, $"- absolute differences: {string.Join(" · ", gate.ErrorHistogram.Where(b => b.Count > 0).Select(Bin))}");
        foreach (var failure in gate.Failures)
        {
            Line(text, $"- **refused:** {failure}");
        }

        Line(text, string.Empty);
        Line(text, $"Candidate SHA-256 `{report.CandidateSha256}`");
        return text.ToString();
    }

    /// <summary>A histogram bin's label, such as "≤ 1e-3" or "= 0".</summary>
    public static string BinLabel(ErrorHistogramBin bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        return bin.UpTo switch
        {
            0 => "= 0",
            double.PositiveInfinity => "> 1",
            _ => string.Create(CultureInfo.InvariantCulture, $"≤ {bin.UpTo:0e0}"),
        };
    }

    private static string Bin(ErrorHistogramBin bin) => $"{BinLabel(bin)}: {bin.Count}";

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Bytes(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.00} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB");

    private static string Milliseconds(double? value) =>
        value is { } ms ? string.Create(CultureInfo.InvariantCulture, $"{ms:0.0} ms") : "not timed";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(OptimizationReport))]
[JsonSerializable(typeof(GateReport))]
[JsonSerializable(typeof(EvaluationSetFile))]
internal sealed partial class OptimizationJsonContext : JsonSerializerContext;
