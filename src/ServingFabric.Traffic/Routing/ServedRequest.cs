namespace ServingFabric.Traffic.Routing;

/// <summary>What the feedback ledger remembers of a request answered while a release ran.</summary>
/// <param name="Version">The version that answered it.</param>
/// <param name="ExperimentId">The release that was running.</param>
/// <param name="SplitAssigned">Whether the release's split chose the version (its reward belongs to the release's arm).</param>
public readonly record struct ServedRequest(string Version, string ExperimentId, bool SplitAssigned);

/// <summary>What <see cref="FeedbackLedger.TryClaim"/> found.</summary>
public enum FeedbackClaim
{
    /// <summary>The request is known and had no reward yet: this one counts.</summary>
    Claimed,

    /// <summary>Never served here, served by another model or for another caller, or forgotten (older than the window, or evicted).</summary>
    Unknown,

    /// <summary>The request already received its reward.</summary>
    AlreadyRewarded,
}
