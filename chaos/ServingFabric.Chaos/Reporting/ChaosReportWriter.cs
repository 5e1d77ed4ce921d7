using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ServingFabric.Chaos.Running;

namespace ServingFabric.Chaos.Reporting;

/// <summary>Writes a chaos run as <c>chaos.json</c> (everything) and <c>chaos.md</c> (the tables a person reads).</summary>
internal static class ChaosReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(string folder, string name, ChaosRunResult run, string machine)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(run, Json));
        File.WriteAllText(Path.Combine(folder, name + ".md"), Markdown(run, machine));
    }

    public static string Markdown(ChaosRunResult run, string machine)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"# Chaos run (seed {run.Seed})");
        text.AppendLine();
        text.AppendLine(inv, $"{run.DurationSeconds:F0} s of open-loop load at {run.Rate:F0} req/s (half SDK, half plain HTTP), {run.Faults.Count} faults. {machine}");
        text.AppendLine();
        var verdict = run.SuccessRatio >= ChaosRunResult.Target ? "meets" : "MISSES";
        text.AppendLine(inv, $"**Overall: {run.Sent - run.Failed} of {run.Sent} succeeded = {Percent(run.SuccessRatio)}, {verdict} the {Percent(ChaosRunResult.Target)} target.** Ready replicas at the end: {run.ReadyReplicasAtEnd?.ToString(inv) ?? "unknown"} of 3.");
        text.AppendLine();
        text.AppendLine("## Per fault kind");
        text.AppendLine();
        text.AppendLine("| fault kind | count | sent | failed | success | p99 during (ms) | recovery (s), worst |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in run.Faults.GroupBy(f => f.Kind))
        {
            var sent = kind.Sum(f => f.Sent);
            var failed = kind.Sum(f => f.Failed);
            var p99 = kind.Max(f => f.During?.P99Ms);
            var stuck = kind.Any(f => f.RecoverySeconds is null);
            var worst = stuck ? "stuck" : kind.Max(f => f.RecoverySeconds)!.Value.ToString("F1", inv);
            text.AppendLine(inv, $"| {kind.Key} | {kind.Count()} | {sent} | {failed} | {Percent(sent == 0 ? 1 : (sent - failed) / (double)sent)} | {Number(p99)} | {worst} |");
        }

        text.AppendLine();
        text.AppendLine("## Per fault");
        text.AppendLine();
        text.AppendLine("| # | fault | at (s) | sent | failed | success | p50/p99 before | p50/p99 during | p50/p99 after | recovery (s) |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---|---|---|---:|");
        foreach (var f in run.Faults)
        {
            text.AppendLine(inv, $"| {f.Index} | {f.Description} | {f.InjectedAt:F0} | {f.Sent} | {f.Failed} | {Percent(f.SuccessRatio)} | {Pair(f.Before)} | {Pair(f.During)} | {Pair(f.After)} | {(f.RecoverySeconds is { } r ? r.ToString("F1", inv) : "stuck")} |");
        }

        text.AppendLine();
        text.AppendLine("## Failures by cause");
        text.AppendLine();
        if (run.FailuresByCause.Count == 0)
        {
            text.AppendLine("None.");
        }

        foreach (var (cause, count) in run.FailuresByCause)
        {
            text.AppendLine(inv, $"- {cause}: {count}");
        }

        foreach (var f in run.Faults.Where(f => f.FailuresByCause.Count > 0))
        {
            text.AppendLine(inv, $"- fault {f.Index} ({f.Description}): {string.Join(", ", f.FailuresByCause.Select(c => $"{c.Key} × {c.Value}"))}");
        }

        text.AppendLine();
        text.AppendLine("## Notes");
        text.AppendLine();
        foreach (var f in run.Faults)
        {
            text.AppendLine(inv, $"- fault {f.Index} ({f.Description}): {string.Join("; ", f.Notes)}");
        }

        foreach (var skipped in run.Skipped)
        {
            text.AppendLine(inv, $"- {skipped}");
        }

        return text.ToString();
    }

    public static string Percent(double ratio) => (ratio * 100).ToString("F3", CultureInfo.InvariantCulture) + " %";

    private static string Number(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "-";

    private static string Pair(Window? window) => window is null ? "-" : $"{Number(window.P50Ms)} / {Number(window.P99Ms)}";
}
