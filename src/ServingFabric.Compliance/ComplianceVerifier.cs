using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Collection;
using ServingFabric.Compliance.Drills;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance;

/// <summary>
/// Gathers the evidence (deployment files, the live fabric, Prometheus), runs the drills asked for, reads the fabric
/// again so the drills' events and counters count, and judges every check of the catalogue.
/// </summary>
public static class ComplianceVerifier
{
    public static async Task<ComplianceRun> RunAsync(HttpClient http, VerifyOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var fabric = new FabricHttp(http, options.Url, options.ApiKey);
        var deployment = await DeploymentEvidenceReader.ReadAsync(options.Deploy, options.Overlay, progress, cancellationToken);
        var collector = new FabricEvidenceCollector(fabric, progress);
        var live = await collector.CollectAsync(cancellationToken);
        var drills = DrillEvidence.NoneRun;
        if (options.Drills.Any)
        {
            drills = await DrillsAsync(http, fabric, live, options, progress, cancellationToken);
            progress.Report("reading the fabric again after the drills");
            live = await collector.CollectAsync(cancellationToken);
        }

        progress.Report("reading Prometheus");
        var prometheus = await PrometheusEvidenceCollector.CollectAsync(http, options.Prometheus, cancellationToken);
        var evidence = new EvidenceSet(live, deployment, prometheus, drills) { GatheredAt = options.Time.GetUtcNow() };
        return new ComplianceRun(evidence, ComplianceCatalogue.Evaluate(evidence));
    }

    private static async Task<DrillEvidence> DrillsAsync(
        HttpClient http, FabricHttp fabric, FabricEvidence live, VerifyOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var metadata = live.ModelMetadata.Value;
        var name = options.Drills.Model ?? metadata?.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
        if (metadata is null || name is null || !metadata.TryGetValue(name, out var model))
        {
            var why = metadata is null ? $"no model metadata ({live.ModelMetadata.Missing})" : $"model '{options.Drills.Model}' is not served";
            return new DrillEvidence(
                Sourced.Unavailable<LoadDrillResult>("load drill", why),
                Sourced.Unavailable<FailoverDrillResult>("failover drill", why),
                Sourced.Unavailable<ScaleDrillResult>("scale drill", why));
        }

        var objective = live.Models.Value?.FirstOrDefault(m => m.Name == name)?.Availability?.LatencyObjectiveMs ?? 1000;
        var drills = DrillEvidence.NoneRun;
        if (options.Drills.Load)
        {
            drills = drills with { Load = await LoadDrill.RunAsync(http, fabric, options.ApiKey, model, objective, options.Drills, progress, cancellationToken) };
        }

        if (options.Drills.Failover)
        {
            drills = drills with { Failover = await FailoverDrill.RunAsync(fabric, name, options.Drills, progress, cancellationToken) };
        }

        if (options.Drills.Scale)
        {
            drills = drills with { Scale = await ScaleDrill.RunAsync(http, fabric, options.ApiKey, model, options.Drills, progress, cancellationToken) };
        }

        return drills;
    }
}
