using System.Text;
using ServingFabric.Compliance.Catalogue;

namespace ServingFabric.Compliance.Bundle;

/// <summary><c>report.md</c>: the summary table, what is not evidenced and why, then each check with its evidence.</summary>
internal static class MarkdownReport
{
    public static string Write(EvidenceDocument document, IReadOnlyList<string> plots)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Compliance evidence: {document.Control}").AppendLine();
        md.AppendLine($"- Fabric: `{Code(document.FabricUrl)}`");
        md.AppendLine($"- Gathered: {document.GeneratedAt:u}");
        md.AppendLine($"- Manifests: {Text(document.ManifestOrigin)}");
        md.AppendLine($"- Result: **{document.Summary.Pass} PASS, {document.Summary.Fail} FAIL, {document.Summary.NotEvidenced} NOT_EVIDENCED** — " +
            (document.Summary.Fail == 0 ? "no check fails" : "checks fail")).AppendLine();
        md.AppendLine("| id | area | requirement | status | evidence |").AppendLine("|---|---|---|---|---|");
        foreach (var check in document.Checks)
        {
            md.AppendLine($"| {check.Id} | {Text(check.Area)} | {Text(check.Requirement)} | {Status(check.Status)} | {Text(check.Summary)} |");
        }

        md.AppendLine().AppendLine("## Not evidenced, and what would evidence it").AppendLine();
        foreach (var check in document.Checks.Where(c => c.Status == ComplianceStatus.NotEvidenced))
        {
            md.AppendLine($"- **{check.Id}** {Text(check.Summary)} → {Text(check.ToEvidence ?? "")}");
        }

        if (plots.Count > 0)
        {
            md.AppendLine().AppendLine("## Plots").AppendLine();
            foreach (var plot in plots)
            {
                md.AppendLine($"![{plot}]({plot})");
            }
        }

        md.AppendLine().AppendLine("## Checks").AppendLine();
        foreach (var check in document.Checks)
        {
            md.AppendLine($"### {check.Id} {Text(check.Requirement)} — {Status(check.Status)}").AppendLine();
            md.AppendLine(Text(check.Summary)).AppendLine();
            foreach (var line in check.Evidence)
            {
                md.AppendLine($"- {Text(line)}");
            }

            md.AppendLine();
        }

        md.AppendLine("## Sources").AppendLine();
        foreach (var source in document.Sources)
        {
            md.AppendLine($"- {Text(source.Source)}: {(source.Read ? "read" : Text(source.Missing ?? "not read"))}");
        }

        return md.ToString();
    }

    private static string Status(ComplianceStatus status) => status == ComplianceStatus.Fail ? "**FAIL**" : status.ToLabel();

    /// <summary>Text from the audited system, made inert in Markdown: no table breaks, no HTML, no links, one line.</summary>
    internal static string Text(string text) => System.Net.WebUtility.HtmlEncode(text)
        .Replace("|", "\\|", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal)
        .Replace("`", "\\`", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)
        .Replace('\r', ' ').Replace('\n', ' ');

    private static string Code(string text) => text.Replace("`", "'", StringComparison.Ordinal).Replace('\n', ' ');
}
