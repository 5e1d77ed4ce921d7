using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>Reads YAML (every document of a stream) and walks it by key, for assertions that name what is missing.</summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string text, string source) =>
        [.. Roots(text, source).Select((d, i) => d as YamlMappingNode
            ?? throw new InvalidOperationException($"{source}: document {i + 1} is not a mapping"))];

    /// <summary>The root node of every document: a mapping for a manifest, a sequence for a JSON patch or a replacement list.</summary>
    public static IReadOnlyList<YamlNode> Roots(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new InvalidOperationException($"{source} is not valid YAML: {ex.Message}", ex);
        }

        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    public static IReadOnlyList<YamlNode> Roots(string path) => Roots(System.IO.File.ReadAllText(path), path);

    public static IReadOnlyList<YamlMappingNode> File(string path) => Documents(System.IO.File.ReadAllText(path), path);

    public static YamlNode? Get(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) => (node.Get(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.Get(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static string Kind(this YamlMappingNode document) => document.Text("kind") ?? "";

    public static string Name(this YamlMappingNode document) => document.Text("metadata", "name") ?? "";

    /// <summary>The pod template's spec of a workload, or null for other kinds.</summary>
    public static YamlNode? PodSpec(this YamlMappingNode document) =>
        document.Kind() is "Deployment" or "StatefulSet" or "DaemonSet" ? document.Get("spec", "template", "spec") : null;
}
