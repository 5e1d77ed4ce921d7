using YamlDotNet.RepresentationModel;

namespace ServingFabric.Compliance.Evidence;

/// <summary>One Kubernetes object of the judged manifests.</summary>
/// <param name="Kind">Its kind, such as <c>Deployment</c>.</param>
/// <param name="Name">Its metadata.name.</param>
/// <param name="File">The file it came from, under the deploy folder.</param>
/// <param name="Root">The object.</param>
public sealed record ManifestDocument(string Kind, string Name, string File, YamlMappingNode Root)
{
    /// <summary>The containers of a workload's pod template (Deployment, StatefulSet, DaemonSet); none for other kinds.</summary>
    public IEnumerable<YamlMappingNode> Containers() =>
        Root.At("spec", "template", "spec", "containers") is YamlSequenceNode containers ? containers.OfType<YamlMappingNode>() : [];

    /// <summary>Whether this is a workload that runs pods.</summary>
    public bool IsWorkload => Kind is "Deployment" or "StatefulSet" or "DaemonSet";

    public override string ToString() => $"{Kind}/{Name} ({File})";
}
