namespace ServingFabric.Health;

/// <summary>Why a silo is not ready.</summary>
/// <param name="Condition">The failing condition: one of the names in <see cref="ReadinessConditions"/>.</param>
/// <param name="Reason">What was seen and what to do, for the 503 body and the log.</param>
public sealed record ReadinessFailure(string Condition, string Reason);
