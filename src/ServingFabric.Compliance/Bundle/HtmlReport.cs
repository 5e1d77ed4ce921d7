using System.Text;
using System.Text.Encodings.Web;
using ServingFabric.Compliance.Catalogue;

namespace ServingFabric.Compliance.Bundle;

/// <summary>
/// <c>report.html</c>: one self-contained page (no script, no external resource), the summary table then each check
/// with its evidence. Everything from the audited system is HTML-encoded.
/// </summary>
internal static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
        .PASS{background:#d9f2d9}.FAIL{background:#f8d0d0}.NOT_EVIDENCED{background:#f4ecc6}code{font-size:90%}img{max-width:48em;display:block;margin:1em 0}
        """;

    public static string Write(EvidenceDocument document, IReadOnlyList<string> plots)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E($"Compliance evidence: {document.Control}"))
            .Append("</title><style>").Append(Style).AppendLine("</style></head><body>");
        h.Append("<h1>").Append(E($"Compliance evidence: {document.Control}")).AppendLine("</h1>");
        h.Append("<p>Fabric <code>").Append(E(document.FabricUrl)).Append("</code>, gathered ").Append(E($"{document.GeneratedAt:u}"))
            .Append(". Manifests: ").Append(E(document.ManifestOrigin)).AppendLine(".</p>");
        h.Append("<p><strong>").Append(E($"{document.Summary.Pass} PASS, {document.Summary.Fail} FAIL, {document.Summary.NotEvidenced} NOT_EVIDENCED"))
            .AppendLine("</strong></p>");
        h.AppendLine("<table><thead><tr><th>id</th><th>area</th><th>requirement</th><th>status</th><th>evidence</th></tr></thead><tbody>");
        foreach (var check in document.Checks)
        {
            var status = check.Status.ToLabel();
            h.Append("<tr class=\"").Append(status).Append("\"><td><a href=\"#").Append(E(check.Id)).Append("\">").Append(E(check.Id)).Append("</a></td><td>")
                .Append(E(check.Area)).Append("</td><td>").Append(E(check.Requirement)).Append("</td><td>").Append(status).Append("</td><td>")
                .Append(E(check.Summary)).AppendLine("</td></tr>");
        }

        h.AppendLine("</tbody></table>");
        foreach (var plot in plots)
        {
            h.Append("<img src=\"").Append(E(plot)).Append("\" alt=\"").Append(E(plot)).AppendLine("\">");
        }

        foreach (var check in document.Checks)
        {
            h.Append("<h2 id=\"").Append(E(check.Id)).Append("\">").Append(E($"{check.Id} {check.Requirement} — {check.Status.ToLabel()}")).AppendLine("</h2>");
            h.Append("<p>").Append(E(check.Summary)).AppendLine("</p>");
            if (check.ToEvidence is { } toEvidence)
            {
                h.Append("<p><em>To evidence: ").Append(E(toEvidence)).AppendLine("</em></p>");
            }

            h.AppendLine("<ul>");
            foreach (var line in check.Evidence)
            {
                h.Append("<li>").Append(E(line)).AppendLine("</li>");
            }

            h.AppendLine("</ul>");
        }

        h.AppendLine("<h2>Sources</h2><ul>");
        foreach (var source in document.Sources)
        {
            h.Append("<li>").Append(E($"{source.Source}: {(source.Read ? "read" : source.Missing)}")).AppendLine("</li>");
        }

        return h.AppendLine("</ul></body></html>").ToString();
    }

    private static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");
}
