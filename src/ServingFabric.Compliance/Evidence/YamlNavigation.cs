using YamlDotNet.RepresentationModel;

namespace ServingFabric.Compliance.Evidence;

/// <summary>Reads paths of a YAML tree without throwing: a missing or differently shaped node is null.</summary>
public static class YamlNavigation
{
    public static YamlNode? At(this YamlNode? node, params string[] path)
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

    public static string? TextAt(this YamlNode? node, params string[] path) => node.At(path) is YamlScalarNode scalar ? scalar.Value : null;

    public static IEnumerable<YamlNode> ItemsAt(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];
}
