using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>Label selectors as the API server applies them to a workload's pods.</summary>
internal static class Labels
{
    /// <summary>Whether <paramref name="matchLabels"/> (non-empty) selects the pods of <paramref name="workload"/>.</summary>
    public static bool Select(YamlNode? matchLabels, YamlMappingNode workload)
    {
        var labels = workload.Get("spec", "template", "metadata", "labels") as YamlMappingNode;
        return matchLabels is YamlMappingNode selector && labels is not null && selector.Children.Count > 0
            && selector.Children.All(pair => labels.Children.TryGetValue(pair.Key, out var value) && value.Equals(pair.Value));
    }
}
