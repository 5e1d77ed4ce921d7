namespace ServingFabric.Contracts.Releases;

/// <summary>Where a feedback reward went.</summary>
/// <param name="Model">The model.</param>
/// <param name="Id">The request's id.</param>
/// <param name="Version">The version that answered it.</param>
/// <param name="ExperimentId">The release whose arm the reward counts for; null when none ran.</param>
/// <param name="Caller">Whose request was rewarded (the principal that sent it); null from gateways that did not say.</param>
public sealed record FeedbackResponse(string Model, string Id, string Version, string? ExperimentId, string? Caller = null);
