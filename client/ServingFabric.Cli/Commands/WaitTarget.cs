namespace ServingFabric.Cli;

/// <summary>What a change's --wait waits for, and which status it polls.</summary>
/// <param name="Kind">The condition.</param>
/// <param name="Model">The model changed.</param>
/// <param name="Version">The version concerned, for <see cref="WaitKind.VersionReady"/>.</param>
internal sealed record WaitTarget(WaitKind Kind, string Model, string? Version = null);
