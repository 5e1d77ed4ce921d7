namespace ServingFabric.Contracts.Releases;

/// <summary>Where a feedback reward went.</summary>
/// <param name="Model">The model.</param>
/// <param name="Id">The request's id.</param>
/// <param name="Version">The version that answered it.</param>
/// <param name="ExperimentId">The release whose arm the reward counts for; null when none ran.</param>
public sealed record FeedbackResponse(string Model, string Id, string Version, string? ExperimentId);
