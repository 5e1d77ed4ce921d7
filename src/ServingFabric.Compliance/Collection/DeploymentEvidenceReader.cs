using System.Text.Json;
using ServingFabric.Compliance.Evidence;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Compliance.Collection;

/// <summary>
/// Reads the deployment the fabric claims to run on: the Kubernetes overlay rendered by <c>kubectl kustomize</c> (else
/// every manifest file as written), Prometheus alert rules, Grafana dashboards and Terraform.
/// </summary>
internal static class DeploymentEvidenceReader
{
    public static DeploymentEvidence NotGiven { get; } = new(
        Sourced.Unavailable<IReadOnlyList<ManifestDocument>>("manifests", "no --deploy folder given"),
        Sourced.Unavailable<IReadOnlyList<AlertRule>>("alert rules", "no --deploy folder given"),
        Sourced.Unavailable<IReadOnlyList<DashboardFile>>("dashboards", "no --deploy folder given"),
        Sourced.Unavailable<IReadOnlyDictionary<string, string>>("Terraform", "no --deploy folder given"),
        new Dictionary<string, string>());

    public static async Task<DeploymentEvidence> ReadAsync(string? deploy, string overlay, IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (deploy is null)
        {
            return NotGiven;
        }

        if (!Directory.Exists(deploy))
        {
            const string why = "the --deploy folder does not exist";
            return NotGiven with
            {
                Manifests = Sourced.Unavailable<IReadOnlyList<ManifestDocument>>("manifests", why),
                AlertRules = Sourced.Unavailable<IReadOnlyList<AlertRule>>("alert rules", why),
                Dashboards = Sourced.Unavailable<IReadOnlyList<DashboardFile>>("dashboards", why),
                Terraform = Sourced.Unavailable<IReadOnlyDictionary<string, string>>("Terraform", why),
            };
        }

        var folder = new DeployFolder(deploy);
        var judged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var manifestFiles = folder.Files("kubernetes", ".yaml", ".yml").ToList();
        foreach (var (relative, text) in manifestFiles)
        {
            judged[relative] = text;
        }

        progress.Report($"rendering {overlay} with kubectl kustomize");
        var (manifests, origin) = await ManifestsAsync(folder, overlay, manifestFiles, judged, cancellationToken);
        var rules = new List<AlertRule>();
        foreach (var (relative, text) in folder.Files("monitoring/rules", ".yml", ".yaml"))
        {
            judged[relative] = text;
            rules.AddRange(PrometheusRules.Alerts(ParseYaml(text).FirstOrDefault(), relative));
        }

        rules.AddRange((manifests.Value ?? []).Where(m => m.Kind == "PrometheusRule").SelectMany(m => PrometheusRules.Alerts(m.Root.At("spec"), m.File)));
        var dashboards = new List<DashboardFile>();
        foreach (var (relative, text) in folder.Files("monitoring/dashboards", ".json"))
        {
            judged[relative] = text;
            dashboards.Add(Dashboard(relative, text));
        }

        var terraform = folder.Files("terraform", ".tf", ".tfvars").ToDictionary(f => f.Relative, f => f.Text, StringComparer.Ordinal);
        foreach (var (relative, text) in terraform)
        {
            judged[relative] = text;
        }

        return new DeploymentEvidence(
            manifests,
            Sourced.Read<IReadOnlyList<AlertRule>>("deploy/monitoring/rules and PrometheusRule objects", rules),
            Sourced.Read<IReadOnlyList<DashboardFile>>("deploy/monitoring/dashboards", dashboards),
            terraform.Count > 0 ? Sourced.Read<IReadOnlyDictionary<string, string>>("deploy/terraform", terraform) : Sourced.Unavailable<IReadOnlyDictionary<string, string>>("Terraform", "no .tf file under terraform/"),
            judged) { ManifestOrigin = origin };
    }

    private static async Task<(Sourced<IReadOnlyList<ManifestDocument>>, string)> ManifestsAsync(
        DeployFolder folder, string overlay, List<(string Relative, string Text)> files, SortedDictionary<string, string> judged, CancellationToken cancellationToken)
    {
        var overlayFolder = Path.GetFullPath(Path.Combine(folder.Root, overlay));
        var inside = overlayFolder.StartsWith(folder.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        string? why = inside ? null : $"the overlay {overlay} lies outside the deploy folder";
        if (inside && File.Exists(Path.Combine(overlayFolder, "kustomization.yaml")))
        {
            var (yaml, failure) = await KustomizeRenderer.RenderAsync(overlayFolder, cancellationToken);
            if (yaml is not null)
            {
                var rendered = $"rendered/{overlay.Replace('/', '_')}.yaml";
                judged[rendered] = yaml;
                return (Sourced.Read<IReadOnlyList<ManifestDocument>>($"kubectl kustomize {overlay}", Documents(rendered, yaml).ToList()), $"kubectl kustomize {overlay} (rendered)");
            }

            why = failure;
        }
        else
        {
            why ??= $"no kustomization at {overlay}";
        }

        var documents = files.Where(f => !f.Relative.EndsWith("kustomization.yaml", StringComparison.Ordinal)).SelectMany(f => Documents(f.Relative, f.Text)).ToList();
        var origin = $"every manifest file under kubernetes/ as written ({why}; patches are judged as if whole objects)";
        return documents.Count > 0
            ? (Sourced.Read<IReadOnlyList<ManifestDocument>>("manifest files", documents), origin)
            : (Sourced.Unavailable<IReadOnlyList<ManifestDocument>>("manifests", $"no Kubernetes object under kubernetes/ ({why})"), origin);
    }

    internal static IEnumerable<ManifestDocument> Documents(string file, string yaml) =>
        ParseYaml(yaml).OfType<YamlMappingNode>()
            .Where(d => d.TextAt("kind") is not null && d.TextAt("metadata", "name") is not null)
            .Select(d => new ManifestDocument(d.TextAt("kind")!, d.TextAt("metadata", "name")!, file, d));

    private static IEnumerable<YamlNode> ParseYaml(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return [];
        }

        return stream.Documents.Select(d => d.RootNode);
    }

    private static DashboardFile Dashboard(string file, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "?";
            return new DashboardFile(file, title, CountPanels(root));
        }
        catch (JsonException)
        {
            return new DashboardFile(file, "unreadable JSON", 0);
        }
    }

    private static int CountPanels(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("panels", out var panels) && panels.ValueKind == JsonValueKind.Array
            ? panels.EnumerateArray().Sum(p => p.TryGetProperty("type", out var type) && type.GetString() == "row" ? CountPanels(p) : 1 + CountPanels(p))
            : 0;
}
