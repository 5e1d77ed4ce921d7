using System.Globalization;
using System.Text;

namespace ServingFabric.Perf.Reporting;

/// <summary><c>&lt;out&gt;/summary.md</c>: every target of the scenarios of this invocation, PASS or MISS, in one table.</summary>
internal static class SummaryWriter
{
    public static string Write(IReadOnlyList<ScenarioReport> reports, string folder)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var text = new StringBuilder();
        text.AppendLine("# ServingFabric benchmark summary").AppendLine();
        if (reports.Count > 0)
        {
            var first = reports[0];
            var tiny = first.Tiny ? "; **tiny configuration** (harness check, not a measurement)" : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Measured {first.StartedAt:yyyy-MM-dd HH:mm} UTC on {first.Machine}{tiny}. Targets are benchmarks, not tests; ratios compare measurements taken in the same run.");
            text.AppendLine();
        }

        text.AppendLine("| scenario | target | measured | wanted | result | basis |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var report in reports)
        {
            foreach (var check in report.Checks)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| [{report.Scenario}]({report.Scenario}.md) | {check.Name} | {check.MeasuredText} | {check.TargetText} | {check.Verdict} | {check.Basis} |");
            }
        }

        text.AppendLine();
        var path = Path.Combine(folder, "summary.md");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
