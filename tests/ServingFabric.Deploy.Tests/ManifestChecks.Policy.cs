using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>Rules on who runs what: locked-down containers, the autoscaler owning replica counts, one namespace.</summary>
internal static partial class ManifestChecks
{
    /// <summary>
    /// Every pod runs as non-root under the runtime's seccomp profile, and every container keeps a read-only root file
    /// system, cannot gain privileges and drops every capability.
    /// </summary>
    public static IEnumerable<string> LockedDown(IEnumerable<YamlMappingNode> documents)
    {
        foreach (var workload in documents.Where(d => d.PodSpec() is not null))
        {
            var pod = workload.PodSpec().Get("securityContext");
            foreach (var container in Containers(workload))
            {
                var where = $"{workload.Kind()} {workload.Name()} container {container.Text("name")}";
                var own = container.Get("securityContext");
                string? Setting(params string[] path) => own.Text(path) ?? pod.Text(path);

                if (Setting("runAsNonRoot") != "true")
                {
                    yield return $"{where}: runAsNonRoot is not true";
                }

                if (Setting("seccompProfile", "type") != "RuntimeDefault")
                {
                    yield return $"{where}: seccompProfile is not RuntimeDefault";
                }

                if (own.Text("readOnlyRootFilesystem") != "true")
                {
                    yield return $"{where}: readOnlyRootFilesystem is not true";
                }

                if (own.Text("allowPrivilegeEscalation") != "false")
                {
                    yield return $"{where}: allowPrivilegeEscalation is not false";
                }

                if (!own.Items("capabilities", "drop").Select(c => ((YamlScalarNode)c).Value).SequenceEqual(["ALL"]) || own.Get("capabilities", "add") is not null)
                {
                    yield return $"{where}: capabilities must drop ALL and add none";
                }
            }
        }
    }

    /// <summary>A workload that an HPA or a ScaledObject scales has no replicas field, which would reset the count on every apply.</summary>
    public static IEnumerable<string> ReplicasLeftToAutoscalers(IEnumerable<YamlMappingNode> documents)
    {
        var scaled = documents.Where(d => d.Kind() is "HorizontalPodAutoscaler" or "ScaledObject")
            .Select(a => a.Text("spec", "scaleTargetRef", "name")).ToHashSet(StringComparer.Ordinal);
        return documents.Where(d => d.PodSpec() is not null && scaled.Contains(d.Name()) && d.Get("spec", "replicas") is not null)
            .Select(d => $"{d.Kind()} {d.Name()} sets replicas although an autoscaler owns its count");
    }

    /// <summary>Every object is in <paramref name="namespace"/>: one left without would land in the applier's default namespace.</summary>
    public static IEnumerable<string> InNamespace(IEnumerable<YamlMappingNode> documents, string @namespace) =>
        documents.Where(d => d.Text("metadata", "namespace") != @namespace)
            .Select(d => $"{d.Kind()} {d.Name()} is in namespace '{d.Text("metadata", "namespace")}', not '{@namespace}'");
}
