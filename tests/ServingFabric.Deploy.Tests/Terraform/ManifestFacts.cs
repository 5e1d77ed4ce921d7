using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests.Terraform;

/// <summary>A node selection in a manifest: a nodeSelector entry or a node affinity expression.</summary>
internal sealed record NodeSelection(string Where, string Key, IReadOnlyList<string> Values);

/// <summary>A toleration in a manifest.</summary>
internal sealed record Toleration(string Where, string? Key, string? Operator, string? Value, string? Effect);

/// <summary>What deploy/kubernetes says that the Terraform must agree with, read from the files (no kubectl).</summary>
internal static class ManifestFacts
{
    /// <summary>
    /// Every document of every YAML file under deploy/kubernetes, with its file; of a JSON patch (a sequence of
    /// operations, such as the production overlay's zone spread) the values it writes, since those can carry node
    /// selections and tolerations too. Replacement lists and other sequences say nothing of nodes and are left out.
    /// </summary>
    public static IEnumerable<(string File, YamlMappingNode Document)> Documents(string root) =>
        from file in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        from document in Yaml.Roots(file).SelectMany(MappingsOf)
        select (Path.GetRelativePath(root, file), document);

    private static IEnumerable<YamlMappingNode> MappingsOf(YamlNode root) => root switch
    {
        YamlMappingNode manifest => [manifest],
        YamlSequenceNode operations => operations.Children.Select(o => o.Get("value")).OfType<YamlMappingNode>(),
        _ => [],
    };

    /// <summary>The service account the silos run as (the Deployment's serviceAccountName in base/silo).</summary>
    public static string SiloServiceAccount(string root) =>
        Yaml.File(Path.Combine(root, "base", "silo", "deployment.yaml")).Single().PodSpec().Text("serviceAccountName")
            ?? throw new InvalidOperationException("base/silo/deployment.yaml sets no serviceAccountName");

    /// <summary>The namespace each overlay renders into (its kustomization's namespace, else the one its resources set).</summary>
    public static IReadOnlyDictionary<string, string?> OverlayNamespaces(string root) =>
        RepositoryPaths.Overlays.ToDictionary(o => o, o => Namespace(Path.Combine(root, o)));

    /// <summary>nodeSelector entries and node affinity expressions (required and preferred) of every document.</summary>
    public static IEnumerable<NodeSelection> NodeSelections(IEnumerable<(string File, YamlMappingNode Document)> documents) =>
        from d in documents
        from node in Descendants(d.Document)
        from selection in Selections(d.File, node)
        select selection;

    public static IEnumerable<Toleration> Tolerations(IEnumerable<(string File, YamlMappingNode Document)> documents) =>
        from d in documents
        from node in Descendants(d.Document)
        from item in node.Items("tolerations").OfType<YamlMappingNode>()
        select new Toleration(d.File, item.Text("key"), item.Text("operator"), item.Text("value"), item.Text("effect"));

    /// <summary>Workloads with a container that asks for nvidia.com/gpu, with their tolerations.</summary>
    public static IEnumerable<(string Where, IReadOnlyList<Toleration> Tolerations)> GpuWorkloads(IEnumerable<(string File, YamlMappingNode Document)> documents) =>
        from d in documents
        where d.Document.PodSpec() is not null
        where ManifestChecks.Containers(d.Document).Any(c => c.Text("resources", "limits", "nvidia.com/gpu") is not null || c.Text("resources", "requests", "nvidia.com/gpu") is not null)
        select ($"{d.File}: {d.Document.Kind()} {d.Document.Name()}", (IReadOnlyList<Toleration>)[.. Tolerations([(d.File, d.Document)])]);

    private static IEnumerable<NodeSelection> Selections(string file, YamlNode node)
    {
        if (node.Get("nodeSelector") is YamlMappingNode selector)
        {
            foreach (var (key, value) in selector.Children)
            {
                yield return new(file, ((YamlScalarNode)key).Value!, [((YamlScalarNode)value).Value!]);
            }
        }

        var terms = node.Items("nodeSelectorTerms").Concat(node.Items("preferredDuringSchedulingIgnoredDuringExecution").Select(p => p.Get("preference")));
        foreach (var expression in terms.SelectMany(t => t.Items("matchExpressions")))
        {
            yield return new(file, expression.Text("key")!, [.. expression.Items("values").OfType<YamlScalarNode>().Select(v => v.Value!)]);
        }
    }

    private static IEnumerable<YamlNode> Descendants(YamlNode node)
    {
        yield return node;
        var children = node switch
        {
            YamlMappingNode mapping => mapping.Children.Values,
            YamlSequenceNode sequence => sequence.Children,
            _ => [],
        };
        foreach (var descendant in children.SelectMany(Descendants))
        {
            yield return descendant;
        }
    }

    private static string? Namespace(string folder)
    {
        var kustomization = Yaml.File(Path.Combine(folder, Kustomize.FileName)).Single();
        return kustomization.Text("namespace") ?? Kustomize.References(folder)
            .Where(r => r.List == "resources" && Directory.Exists(Path.Combine(folder, r.Entry)))
            .Select(r => Namespace(Path.GetFullPath(Path.Combine(folder, r.Entry)))).FirstOrDefault(n => n is not null);
    }
}
