namespace ServingFabric.Hosting.Gpu;

/// <summary>How a silo watches its GPUs (section <c>ServingFabric:Gpu</c>). The GPUs themselves are found through NVML.</summary>
public sealed class GpuOptions
{
    public const string SectionName = "ServingFabric:Gpu";

    /// <summary>How often NVML is read for utilization, memory, temperature, ECC errors and XID events. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
