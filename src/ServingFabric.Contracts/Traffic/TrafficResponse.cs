namespace ServingFabric.Contracts.Traffic;

/// <summary>A model's traffic policy as <c>GET /v1/models/{name}</c> shows it under <c>traffic</c>.</summary>
/// <param name="Weights">The split of unversioned requests; empty: everything goes to the default.</param>
/// <param name="Mirror">The shadow version and the share of requests copied to it; null when nothing is mirrored.</param>
/// <param name="Faults">The faults injected per version (empty when none).</param>
/// <param name="Experiment">The arms of the running release; null when none runs.</param>
public sealed record TrafficResponse(
    IReadOnlyList<TrafficWeight> Weights,
    TrafficWeight? Mirror,
    IReadOnlyList<FaultResponse> Faults,
    ExperimentArmsResponse? Experiment);
