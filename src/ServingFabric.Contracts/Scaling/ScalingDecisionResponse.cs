namespace ServingFabric.Contracts.Scaling;

/// <summary>One scaling decision and the inputs it was taken on.</summary>
/// <param name="At">When.</param>
/// <param name="Version">The version scaled.</param>
/// <param name="From">Replicas before.</param>
/// <param name="To">Replicas after.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Inputs">The measurements behind it by name (sorted); null where undefined.</param>
public sealed record ScalingDecisionResponse(DateTimeOffset At, string Version, int From, int To, string Reason, IReadOnlyDictionary<string, double?> Inputs);
