namespace ServingFabric.Models;

/// <summary>What a front needs to route a model's requests; cached by fronts and refreshed on a new revision.</summary>
/// <param name="ModelName">Model name.</param>
/// <param name="Revision">Increases with every change to the deployment.</param>
/// <param name="Loaded">False after an unload: requests get 503 until the model is loaded again.</param>
/// <param name="DefaultVersion">Version for requests that name none.</param>
/// <param name="Versions">Each version with its replica keys.</param>
/// <param name="MaxBatchSize">The model's max batch size, for validation at the edge.</param>
/// <param name="Traffic">Weights, mirroring, faults and experiment arms; null: everything to the default version.</param>
/// <param name="LatencyObjectiveMs">The model's latency objective: fronts count a request good for the SLI only within it.</param>
/// <param name="Deterministic">The model's config says so: fronts may serve repeated requests from the response cache.</param>
[GenerateSerializer, Immutable, Alias("sf.RoutingTable")]
public sealed record RoutingTable(
    [property: Id(0)] string ModelName,
    [property: Id(1)] long Revision,
    [property: Id(2)] bool Loaded,
    [property: Id(3)] string DefaultVersion,
    [property: Id(4)] IReadOnlyList<VersionRoute> Versions,
    [property: Id(5)] int MaxBatchSize,
    [property: Id(6)] bool Deterministic = false,
    [property: Id(7)] ServingFabric.Releases.TrafficPolicy? Traffic = null,
    [property: Id(8)] ServingFabric.Scaling.AdmissionLimits? Admission = null,
    [property: Id(9)] double LatencyObjectiveMs = ServiceLevelObjective.DefaultLatencyMs)
{
    /// <summary>Above this a request is not good for the availability SLI (the model's <see cref="ServiceLevelObjective.LatencyMs"/>).</summary>
    public TimeSpan LatencyObjective => TimeSpan.FromMilliseconds(LatencyObjectiveMs);
}
