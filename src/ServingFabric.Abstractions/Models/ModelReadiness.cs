namespace ServingFabric.Models;

/// <summary>Whether a model version can serve, and if not, why (for logs and the repository index).</summary>
[GenerateSerializer, Immutable, Alias("sf.ModelReadiness")]
public sealed record ModelReadiness(
    [property: Id(0)] bool Ready,
    [property: Id(1)] string Version,
    [property: Id(2)] string? Reason);
