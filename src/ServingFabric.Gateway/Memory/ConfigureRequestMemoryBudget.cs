using Microsoft.Extensions.Options;

namespace ServingFabric.Gateway.Memory;

/// <summary>
/// Sizes <see cref="GatewayOptions.RequestMemoryBudget"/> from the memory this process may use when it is not set:
/// <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> follows the container's cgroup limit (and a configured
/// GCHeapHardLimit), so a pod gets a budget that fits its own limit.
/// </summary>
internal sealed class ConfigureRequestMemoryBudget : IPostConfigureOptions<GatewayOptions>
{
    /// <summary>The share of the memory limit bodies and tensors in flight may take by default.</summary>
    public const double DefaultShare = 0.25;

    public void PostConfigure(string? name, GatewayOptions options)
    {
        if (options.RequestMemoryBudget == 0)
        {
            options.RequestMemoryBudget = (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * DefaultShare);
        }
    }
}
