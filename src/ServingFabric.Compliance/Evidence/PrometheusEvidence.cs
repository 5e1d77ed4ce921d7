namespace ServingFabric.Compliance.Evidence;

/// <summary>What the optional Prometheus server (<c>--prometheus</c>) answered.</summary>
/// <param name="LoadedAlertRules">Alerting rule names from <c>GET /api/v1/rules</c>.</param>
/// <param name="ScrapeTargetsUp">Scrape targets whose job or address names ServingFabric and that are up, from <c>GET /api/v1/targets</c>.</param>
public sealed record PrometheusEvidence(Sourced<IReadOnlyList<string>> LoadedAlertRules, Sourced<IReadOnlyList<string>> ScrapeTargetsUp)
{
    public static PrometheusEvidence NotGiven { get; } = new(
        Sourced.Unavailable<IReadOnlyList<string>>("Prometheus", "no --prometheus URL given"),
        Sourced.Unavailable<IReadOnlyList<string>>("Prometheus", "no --prometheus URL given"));
}
