using System.Globalization;
using System.Text;
using ServingFabric.Perf.Measurement;

namespace ServingFabric.Perf.Reporting;

/// <summary>The human-readable result: <c>&lt;out&gt;/&lt;scenario&gt;.md</c> with every run, the derived tables, the targets and the plots.</summary>
internal static class MarkdownReportWriter
{
    private static readonly string[] RunColumns =
        ["run", "path", "model", "load", "req/s", "rows/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "errors", "refused", "stable", "silo CPU ms/req", "silo cores busy"];

    public static string Write(ScenarioReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {report.Title}").AppendLine();
        text.AppendLine(report.Description).AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {report.StartedAt:yyyy-MM-dd HH:mm} UTC in {report.DurationSeconds:0} s on {report.Machine}; seed {report.Seed}{(report.Tiny ? "; **tiny configuration** (harness check, not a measurement)" : "")}.");
        text.AppendLine();

        if (report.Checks.Count > 0)
        {
            text.AppendLine("## Targets").AppendLine();
            AppendChecks(text, report.Checks);
            text.AppendLine();
        }

        foreach (var table in report.Tables)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {table.Title}").AppendLine();
            AppendTable(text, table.Columns, table.Rows);
            text.AppendLine();
        }

        text.AppendLine("## Runs").AppendLine();
        AppendTable(text, RunColumns, [.. report.Runs.Select(RunRow)]);
        text.AppendLine();
        text.AppendLine("Latency in milliseconds; closed loop from send to answer, open loop from the intended send time. Errors exclude refusals (429/503). " +
            "Silo CPU: the silo process's CPU time while measuring (only when it runs in its own process), per answered request and in cores busy.");
        text.AppendLine();

        if (report.Notes.Count > 0)
        {
            text.AppendLine("## Notes").AppendLine();
            foreach (var note in report.Notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }

            text.AppendLine();
        }

        foreach (var plot in report.Plots)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"![{Path.GetFileNameWithoutExtension(plot)}]({plot})").AppendLine();
        }

        var path = Path.Combine(folder, report.Scenario + ".md");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static void AppendChecks(StringBuilder text, IEnumerable<TargetCheck> checks)
    {
        var rows = checks.Select(c => (IReadOnlyList<string>)[c.Name, c.MeasuredText, c.TargetText, c.Verdict, c.Basis]).ToList();
        AppendTable(text, ["target", "measured", "wanted", "result", "basis"], rows);
    }

    private static void AppendTable(StringBuilder text, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        text.AppendLine("| " + string.Join(" | ", columns) + " |");
        text.AppendLine("|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }
    }

    private static IReadOnlyList<string> RunRow(RunResult run) =>
    [
        run.Label,
        run.Path,
        run.Model,
        run.Loop == "closed"
            ? $"{run.Concurrency} client{(run.Concurrency == 1 ? "" : "s")}"
            : $"{run.OfferedRate:0} req/s {run.Arrivals}",
        Number(run.Throughput),
        Number(run.RowsPerSecond),
        Number(run.Latency.P50Ms),
        Number(run.Latency.P90Ms),
        Number(run.Latency.P99Ms),
        Number(run.Latency.P999Ms),
        run.Errors.ToString(CultureInfo.InvariantCulture),
        run.Refused.ToString(CultureInfo.InvariantCulture),
        run.Loop == "closed" ? (run.Stable ? "yes" : "no") : "-",
        run.ServerCpuMsPerRequest is { } cpu ? Number(cpu) : "-",
        run.ServerCpuCores is { } cores ? cores.ToString("0.00", CultureInfo.InvariantCulture) : "-",
    ];

    public static string Number(double value) =>
        value >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
}
