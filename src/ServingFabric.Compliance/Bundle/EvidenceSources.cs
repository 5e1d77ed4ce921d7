using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Bundle;

/// <summary>Every source of an evidence set, in the order they are gathered, as the bundle lists them.</summary>
internal static class EvidenceSources
{
    public static IEnumerable<SourceState> Of(EvidenceSet e)
    {
        var f = e.Fabric;
        var d = e.Deployment;
        return
        [
            State(f.Liveness), State(f.Readiness), State(f.Models), State(f.ModelMetadata), State(f.Releases), State(f.Events),
            State(f.Secrets), State(f.SecretAudit), State(f.Metrics), State(f.AnonymousAccess), State(f.Tls),
            State(d.Manifests), State(d.AlertRules), State(d.Dashboards), State(d.Terraform),
            State(e.Prometheus.LoadedAlertRules), State(e.Prometheus.ScrapeTargetsUp), State(e.Prometheus.BatchesByInstance),
            State(e.Drills.Load), State(e.Drills.Failover), State(e.Drills.Scale),
        ];
    }

    private static SourceState State<T>(Sourced<T> source)
        where T : class => new(source.Source, source.IsAvailable, source.Missing);
}
