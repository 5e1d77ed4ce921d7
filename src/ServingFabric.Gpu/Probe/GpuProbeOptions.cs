namespace ServingFabric.Gpu.Probe;

/// <summary>What <c>fabric gpu probe</c> (and the standalone <c>fabric-gpu-probe</c>) reads and how it prints it.</summary>
public sealed record GpuProbeOptions
{
    /// <summary>How many readings to take (1 or more); default 1. Several, with <see cref="Interval"/>, watch a GPU under load.</summary>
    public int Samples { get; init; } = 1;

    /// <summary>The wait between readings; default 1 second.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One JSON document per reading, one a line (for scripts), instead of text; default false.</summary>
    public bool Json { get; init; }
}
