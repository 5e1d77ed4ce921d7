namespace ServingFabric.Gpu.Health;

/// <summary>
/// Decides whether a GPU is healthy from what NVML reported: lost, uncorrectable ECC errors grown since the inventory
/// started, or a fatal XID seen. Pure: no NVML, no clock, so every rule is tested with plain values.
/// </summary>
/// <remarks>
/// Once a device is unhealthy it stays unhealthy until the process restarts. A lost GPU can answer again, an ECC
/// count does not go down without a reset, and an XID is an event, not a state: a device that came back by itself is
/// not one to trust with traffic, and taking it back is a decision for an operator (reset, then restart the silo).
/// Not thread-safe: <see cref="NvmlGpuInventory"/> calls it under its lock.
/// </remarks>
internal sealed class GpuHealthRules
{
    private readonly Dictionary<int, long> _eccBaseline = [];
    private readonly Dictionary<int, string> _problems = [];
    private readonly Dictionary<int, ulong> _pendingXids = [];

    /// <summary>Records an XID reported for device <paramref name="index"/>; only fatal ones (<see cref="FatalXids"/>) count.</summary>
    /// <returns>True when the XID is fatal.</returns>
    public bool RecordXid(int index, ulong xid)
    {
        if (!FatalXids.IsFatal(xid))
        {
            return false;
        }

        _pendingXids.TryAdd(index, xid);
        return true;
    }

    /// <summary>
    /// The device's problem now, or null when healthy. The first call for a device takes its uncorrectable ECC count
    /// as the baseline: errors from before this process started were the previous owner's, and a reset clears them.
    /// </summary>
    /// <param name="index">NVML's index of the device.</param>
    /// <param name="lost">NVML answered GPU_IS_LOST for the device.</param>
    /// <param name="eccUncorrected">The volatile uncorrectable ECC count; null when the device does not support ECC.</param>
    public string? Assess(int index, bool lost, long? eccUncorrected)
    {
        if (_problems.TryGetValue(index, out var sticky))
        {
            return sticky;
        }

        string? problem = null;
        if (lost)
        {
            problem = "lost: NVML reports the GPU is lost (fallen off the bus or not answering); reset or replace it, then restart this silo";
        }
        else if (_pendingXids.TryGetValue(index, out var xid))
        {
            problem = $"fatal XID {xid} ({FatalXids.Descriptions[xid]}); drain this silo, reset the GPU (nvidia-smi -r) or replace it, then restart the silo";
        }
        else if (eccUncorrected is { } count)
        {
            if (!_eccBaseline.TryGetValue(index, out var baseline))
            {
                _eccBaseline[index] = count;
            }
            else if (count > baseline)
            {
                problem = $"uncorrectable ECC errors grew from {baseline} to {count} since this process started; drain this silo, reset the GPU (nvidia-smi -r), check its remapped rows, then restart the silo";
            }
        }

        if (problem is not null)
        {
            _problems[index] = problem;
        }

        return problem;
    }
}
