namespace ServingFabric.Compliance.Evidence;

/// <summary>What the optional Prometheus server (<c>--prometheus</c>) answered.</summary>
/// <param name="LoadedAlertRules">Alerting rule names from <c>GET /api/v1/rules</c>.</param>
/// <param name="ScrapeTargetsUp">Scrape targets whose job or address names ServingFabric and that are up, from <c>GET /api/v1/targets</c>.</param>
/// <param name="BatchesByInstance">Batches each silo's engine ran in the last 15 minutes (<c>sum by (instance) (increase(servingfabric_batch_size_count[15m]))</c>): where the work went.</param>
public sealed record PrometheusEvidence(
    Sourced<IReadOnlyList<string>> LoadedAlertRules, Sourced<IReadOnlyList<string>> ScrapeTargetsUp, Sourced<IReadOnlyDictionary<string, double>> BatchesByInstance)
{
    public static PrometheusEvidence NotGiven { get; } = new(
        Sourced.Unavailable<IReadOnlyList<string>>("Prometheus", "no --prometheus URL given"),
        Sourced.Unavailable<IReadOnlyList<string>>("Prometheus", "no --prometheus URL given"),
        Sourced.Unavailable<IReadOnlyDictionary<string, double>>("Prometheus", "no --prometheus URL given"));
}
