namespace ServingFabric.Runtime.Gpu;

/// <summary>One GPU of this silo as the serving path sees it: its memory, what is reserved on it, and its health.</summary>
/// <param name="Index">The CUDA device id.</param>
/// <param name="Uuid">NVML's UUID.</param>
/// <param name="Name">The product name.</param>
/// <param name="MemoryTotalBytes">Its memory.</param>
/// <param name="ReservedBytes">Memory reserved by the sessions placed on it.</param>
/// <param name="Sessions">The sessions on it, as <c>model/version</c>.</param>
/// <param name="Problem">Why it is unhealthy; null when healthy.</param>
public sealed record GpuDeviceState(int Index, string Uuid, string Name, long MemoryTotalBytes, long ReservedBytes, IReadOnlyList<string> Sessions, string? Problem)
{
    /// <summary>Memory not reserved yet.</summary>
    public long FreeBytes => Math.Max(0, MemoryTotalBytes - ReservedBytes);

    /// <summary>True when no problem was seen.</summary>
    public bool Healthy => Problem is null;
}
