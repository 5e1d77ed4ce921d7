using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Compliance.Checks;

/// <summary>RES-1 .. RES-4: requests and limits, GPU allocation, over-provisioning, utilization.</summary>
internal static class ResourceChecks
{
    private const string Area = "Resource management";
    public const double MaxLimitToRequest = 2;
    private static readonly string[] Resources = ["cpu", "memory"];

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("RES-1", Area, "Resource requests and limits set on every container", RequestsAndLimits),
        new("RES-2", Area, "GPU allocation configured", GpuChecks.Requested),
        new("RES-3", Area, "No over-provisioning", NoOverProvisioning),
        new("RES-4", Area, "Resource utilization monitored", UtilizationMonitored),
    ];

    internal static Verdict RequestsAndLimits(EvidenceSet e) => WithContainers(e, containers =>
    {
        var lines = containers.Select(c => $"{c.Workload} {c.Name}: requests {Describe(c.Spec, "requests")}, limits {Describe(c.Spec, "limits")}").ToList();
        var incomplete = containers.Where(c => Resources.Any(r => c.Spec.TextAt("resources", "requests", r) is null || c.Spec.TextAt("resources", "limits", r) is null)).ToList();
        return Verdict.PassIf(incomplete.Count == 0, "every container requests and limits CPU and memory",
            $"containers without CPU/memory requests or limits: {string.Join(", ", incomplete.Select(c => $"{c.Workload.Name}/{c.Name}"))}", lines);
    });

    internal static Verdict NoOverProvisioning(EvidenceSet e) => WithContainers(e, containers =>
    {
        var lines = new List<string>();
        var wasteful = new List<string>();
        foreach (var (workload, name, spec) in containers)
        {
            foreach (var resource in Resources)
            {
                var request = KubernetesQuantity.Parse(spec.TextAt("resources", "requests", resource));
                var limit = KubernetesQuantity.Parse(spec.TextAt("resources", "limits", resource));
                lines.Add($"{workload} {name} {resource}: request {spec.TextAt("resources", "requests", resource) ?? "none"}, limit {spec.TextAt("resources", "limits", resource) ?? "none"}");
                if (request is null || limit is null || request > limit || limit > request * MaxLimitToRequest)
                {
                    wasteful.Add($"{workload.Name}/{name} {resource}");
                }
            }
        }

        lines.AddRange(Utilization(e));
        return Verdict.PassIf(wasteful.Count == 0, $"requests are at most the limits and limits at most {MaxLimitToRequest}× the requests, so nodes are neither overcommitted nor reserved idle",
            $"unbounded or disproportionate resources: {string.Join(", ", wasteful)}", lines);
    });

    internal static Verdict UtilizationMonitored(EvidenceSet e)
    {
        if (!e.Fabric.Metrics.IsAvailable)
        {
            return Missing.Source(e.Fabric.Metrics, "/metrics readable with the metrics scope");
        }

        var lines = Utilization(e).ToList();
        return Verdict.PassIf(lines.Count >= 2, "CPU and memory utilization of every silo exported (servingfabric_silo_*_utilization)",
            "/metrics lacks servingfabric_silo_cpu_utilization or servingfabric_silo_memory_utilization", lines);
    }

    private static IEnumerable<string> Utilization(EvidenceSet e) =>
        (e.Fabric.Metrics.Value?.Samples ?? []).Where(s => s.Name is "servingfabric_silo_cpu_utilization" or "servingfabric_silo_memory_utilization")
            .Select(s => $"{s.Name} {s.Value:P1} (live)");

    private static Verdict WithContainers(EvidenceSet e, Func<IReadOnlyList<(ManifestDocument Workload, string Name, YamlMappingNode Spec)>, Verdict> judge)
    {
        if (!e.Deployment.Manifests.IsAvailable)
        {
            return Missing.Source(e.Deployment.Manifests, Missing.Manifests);
        }

        var containers = e.Deployment.Manifests.Value.Where(m => m.IsWorkload).SelectMany(m => m.Containers().Select(c => (m, c.TextAt("name") ?? "?", c))).ToList();
        return containers.Count == 0 ? Verdict.Fail("the manifests define no workload container") : judge(containers);
    }

    private static string Describe(YamlMappingNode container, string kind) =>
        container.At("resources", kind) is YamlMappingNode values
            ? string.Join(", ", values.Children.Select(c => $"{c.Key} {c.Value}"))
            : "none";
}
