using ServingFabric.Compliance.Evidence;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Compliance.Checks;

/// <summary>Reads the probes of every workload container of the judged manifests.</summary>
internal static class ManifestProbes
{
    /// <summary>Per workload container: the probe named <paramref name="probe"/> (<c>livenessProbe</c>, ...) or null.</summary>
    public static IEnumerable<(ManifestDocument Workload, string Container, YamlNode? Probe)> Of(IEnumerable<ManifestDocument> manifests, string probe) =>
        manifests.Where(m => m.IsWorkload).SelectMany(m => m.Containers().Select(c => (m, c.TextAt("name") ?? "?", c.At(probe))));

    public static string Describe(YamlNode? probe) => probe is null
        ? "none"
        : $"{probe.TextAt("httpGet", "path") ?? probe.At("exec")?.ToString() ?? probe.TextAt("tcpSocket", "port") ?? "?"}" +
          $" every {probe.TextAt("periodSeconds") ?? "10"} s, failureThreshold {probe.TextAt("failureThreshold") ?? "3"}";
}
