namespace ServingFabric.Traffic.Rollouts;

/// <summary>The outcome of one A/B evaluation.</summary>
/// <param name="Action">What to do.</param>
/// <param name="WinnerVersion">The version to promote when <paramref name="Action"/> is Winner (the control's when Inconclusive); otherwise null.</param>
/// <param name="Reason">Why, in words and numbers.</param>
public sealed record AbDecision(AbAction Action, string? WinnerVersion, string Reason);
