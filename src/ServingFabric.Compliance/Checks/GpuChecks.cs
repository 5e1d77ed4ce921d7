using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Checks;

/// <summary>
/// GPU-1 .. GPU-4. The fabric runs ONNX Runtime on CPU unless a silo is built with the CUDA provider; these checks
/// judge only GPUs the deployment requests or the fabric reports, and otherwise say so (NOT_EVIDENCED, never PASS).
/// </summary>
internal static class GpuChecks
{
    private const string Area = "GPU management";
    private const string GpuResource = "nvidia.com/gpu";
    private const string NoGpu = "neither the manifests request nvidia.com/gpu nor the fabric's /metrics reports a GPU: this deployment serves on CPU";
    private const string ToEvidence = "a GPU deployment (resources nvidia.com/gpu, a CUDA silo) whose /metrics exports GPU utilization";

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("GPU-1", Area, "GPU resources requested per replica", Requested),
        new("GPU-2", Area, "GPU utilization monitored", Monitored),
        new("GPU-3", Area, "GPU failure leads to replacement", Replaced),
        new("GPU-4", Area, "GPU sharing configured", Sharing),
    ];

    internal static Verdict Requested(EvidenceSet e)
    {
        var containers = GpuContainers(e).ToList();
        if (containers.Count == 0)
        {
            return Verdict.NotEvidenced(NoGpu, ToEvidence);
        }

        var lines = containers.Select(c => $"{c.Workload} {c.Container}: {GpuResource} limit {c.Limit ?? "none"}").ToList();
        return Verdict.PassIf(containers.All(c => c.Limit is not null), "every GPU container sets a nvidia.com/gpu limit", "a GPU container has no nvidia.com/gpu limit", lines);
    }

    internal static Verdict Monitored(EvidenceSet e)
    {
        if (!ReportsGpu(e))
        {
            return Verdict.NotEvidenced(NoGpu, ToEvidence);
        }

        var exported = e.Fabric.Metrics.Value?.Samples.Select(s => s.Name).Where(IsGpuMetric).Distinct().ToList() ?? [];
        return Verdict.PassIf(exported.Count > 0, $"GPU metrics exported: {string.Join(", ", exported.Take(5))}",
            "GPUs are requested but /metrics exports no GPU utilization", exported);
    }

    internal static Verdict Sharing(EvidenceSet e)
    {
        if (!ReportsGpu(e))
        {
            return Verdict.NotEvidenced(NoGpu, ToEvidence);
        }

        var shared = e.Deployment.Manifests.Value?.Where(m => m.Root.ToString().Contains("nvidia.com/mig-", StringComparison.Ordinal)
            || m.Root.ToString().Contains("timeSlicing", StringComparison.Ordinal)).Select(m => m.ToString()).ToList() ?? [];
        return Verdict.PassIf(shared.Count > 0, "GPU sharing (MIG or time slicing) configured", "GPUs are requested whole: no MIG profile or time-slicing configuration", shared);
    }

    /// <summary>
    /// Every <c>GpuFailed</c> event (a replica's GPU failed: a CUDA error that breaks the device, or NVML's health) is
    /// followed by that replica serving again (<c>ReplicaRecovered</c> or <c>ReplicaReplaced</c>). Without a GPU failure
    /// in the log there is nothing to judge.
    /// </summary>
    internal static Verdict Replaced(EvidenceSet e)
    {
        if (!ReportsGpu(e))
        {
            return Verdict.NotEvidenced(NoGpu, ToEvidence);
        }

        if (!e.Fabric.Events.IsAvailable)
        {
            return Missing.Source(e.Fabric.Events, Missing.LiveFabric);
        }

        var events = e.Fabric.Events.Value;
        var failures = events.Where(x => x.Kind == "GpuFailed").ToList();
        if (failures.Count == 0)
        {
            return Verdict.NotEvidenced("no GPU failed while the event log was kept: a failure marks the GPU failed, records GpuFailed and activates the replica on a healthy GPU",
                "a GPU failure (an XID or ECC fault, or a CUDA error that breaks the device) followed by its replica serving again");
        }

        var lines = failures.Select(f =>
        {
            var back = events.FirstOrDefault(x => x.Model == f.Model && x.Replica == f.Replica && x.Sequence > f.Sequence && x.Kind is "ReplicaRecovered" or "ReplicaReplaced");
            return (Failure: f, Back: back, Line: $"{f.Model} {f.Replica}: {f.Message} → {(back is null ? "not serving again" : $"{back.Kind} at {back.Timestamp:O}")}");
        }).ToList();
        return Verdict.PassIf(lines.All(l => l.Back is not null), $"{failures.Count} GPU failure(s), each followed by its replica serving again",
            "a replica whose GPU failed did not serve again", lines.Select(l => l.Line));
    }

    private static bool ReportsGpu(EvidenceSet e) =>
        GpuContainers(e).Any() || e.Fabric.Metrics.Value?.Samples.Any(s => IsGpuMetric(s.Name)) == true;

    private static bool IsGpuMetric(string name) => name.Contains("gpu", StringComparison.OrdinalIgnoreCase) || name.StartsWith("DCGM_", StringComparison.Ordinal);

    private static IEnumerable<(ManifestDocument Workload, string Container, string? Limit)> GpuContainers(EvidenceSet e) =>
        (e.Deployment.Manifests.Value ?? []).Where(m => m.IsWorkload).SelectMany(m => m.Containers()
            .Where(c => c.At("resources")?.ToString().Contains(GpuResource, StringComparison.Ordinal) == true)
            .Select(c => (m, c.TextAt("name") ?? "?", c.TextAt("resources", "limits", GpuResource))));
}
