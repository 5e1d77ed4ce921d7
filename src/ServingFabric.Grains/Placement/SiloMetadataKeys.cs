namespace ServingFabric.Grains.Placement;

/// <summary>The silo metadata ServingFabric reads (set with <c>UseSiloMetadata</c>, or <c>Orleans:Metadata</c> in configuration).</summary>
public static class SiloMetadataKeys
{
    /// <summary>The silo's availability zone, for example <c>zone-a</c>.</summary>
    public const string Zone = "zone";

    /// <summary>Comma-separated roles, for example <c>gateway,inference</c>; a silo without it has both.</summary>
    public const string Roles = "roles";

    /// <summary>The silo's GPUs: how many (set at start from NVML; absent or 0 on a CPU silo).</summary>
    public const string Gpus = "gpus";

    /// <summary>The memory of each of the silo's GPUs in bytes, comma-separated in device order.</summary>
    public const string GpuMemory = "gpu_memory_bytes";

    /// <summary>The role of silos that host model replicas.</summary>
    public const string InferenceRole = "inference";

    /// <summary>The role of silos that serve HTTP and run the fronts.</summary>
    public const string GatewayRole = "gateway";
}
