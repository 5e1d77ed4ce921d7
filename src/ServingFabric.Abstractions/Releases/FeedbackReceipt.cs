namespace ServingFabric.Releases;

/// <summary>Where a feedback reward went.</summary>
/// <param name="RequestId">The request the reward is for.</param>
/// <param name="Version">The version that served it.</param>
/// <param name="ExperimentId">The release whose arm received the reward; null when no release was running for it.</param>
[GenerateSerializer, Immutable, Alias("sf.FeedbackReceipt")]
public sealed record FeedbackReceipt(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Version,
    [property: Id(2)] string? ExperimentId);
