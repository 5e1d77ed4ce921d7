using System.Globalization;
using System.Text;
using System.Text.Json;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Bundle;

/// <summary>
/// Writes the evidence bundle: report.md, report.html, evidence.json, plots/, config/ (the files judged, secrets
/// redacted), events.json (the event log excerpt), drills/, and last MANIFEST.sha256 over every other file.
/// </summary>
public static class BundleWriter
{
    public const int MaxEvents = 1000;

    /// <summary>Writes the bundle into <paramref name="folder"/> (empty, new, or a previous bundle, which is replaced) and returns the manifest's path.</summary>
    public static string Write(ComplianceRun run, string folder)
    {
        ArgumentNullException.ThrowIfNull(run);
        Prepare(folder);
        var document = EvidenceDocument.From(run);
        File.WriteAllText(Path.Combine(folder, "evidence.json"), JsonSerializer.Serialize(document, BundleJsonContext.Default.EvidenceDocument));
        var plotFolder = Directory.CreateDirectory(Path.Combine(folder, "plots")).FullName;
        var plots = EvidencePlots.Write(document, run.Evidence, plotFolder).Select(p => $"plots/{p}").ToList();
        File.WriteAllText(Path.Combine(folder, "report.md"), MarkdownReport.Write(document, plots));
        File.WriteAllText(Path.Combine(folder, "report.html"), HtmlReport.Write(document, plots));
        WriteConfiguration(run.Evidence.Deployment, Path.Combine(folder, "config"));
        if (run.Evidence.Fabric.Events.Value is { } events)
        {
            var excerpt = events.OrderBy(e => e.Timestamp).TakeLast(MaxEvents).ToList();
            File.WriteAllText(Path.Combine(folder, "events.json"), LiteralSecrets.Redact(JsonSerializer.Serialize(excerpt, BundleJsonContext.Default.IReadOnlyListEventResponse)));
        }

        if (run.Evidence.Drills.Load.Value is { } load)
        {
            var csv = new StringBuilder("at_seconds,latency_ms,succeeded\n");
            foreach (var point in load.Timeline)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{point.AtSeconds:0.000000},{point.LatencyMs:0.000},{(point.Succeeded ? 1 : 0)}\n");
            }

            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "drills")).FullName, "load-latency.csv"), csv.ToString());
        }

        return Sha256Manifest.Write(folder);
    }

    private static void WriteConfiguration(DeploymentEvidence deployment, string folder)
    {
        foreach (var (relative, text) in deployment.JudgedFiles)
        {
            // The relative paths come from enumerating the deploy folder; still, never write outside the bundle.
            var target = Path.GetFullPath(Path.Combine(folder, relative));
            if (!target.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, LiteralSecrets.Redact(text));
        }
    }

    private static void Prepare(string folder)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            if (!File.Exists(Path.Combine(folder, Sha256Manifest.FileName)))
            {
                throw new IOException($"{folder} holds files that are not an evidence bundle; give an empty or new folder with --out");
            }

            // A previous bundle: replaced whole, so no stale file outlives the manifest that listed it.
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
    }
}
