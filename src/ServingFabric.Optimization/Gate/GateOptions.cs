namespace ServingFabric.Optimization.Gate;

/// <summary>Which output the gate compares, how, and against which limits.</summary>
public sealed record GateOptions
{
    /// <summary>The FP32 output compared; null takes the first FP32 output. Default null.</summary>
    public string? OutputName { get; init; }

    /// <summary>Default <see cref="OutputKind.Classification"/>.</summary>
    public OutputKind Kind { get; init; } = OutputKind.Classification;

    /// <summary>Default: <see cref="GateLimits"/>' defaults.</summary>
    public GateLimits Limits { get; init; } = new();

    /// <summary>Samples per run. Default 64.</summary>
    public int BatchSize { get; init; } = 64;
}
