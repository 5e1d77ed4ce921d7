using System.Globalization;
using ServingFabric.Models;

namespace ServingFabric.Grains.Placement;

/// <summary>
/// Whether a silo's GPUs, as its metadata advertises them (<see cref="SiloMetadataKeys.GpuMemory"/>), have room for one
/// more session of a GPU model beside the sessions believed placed there. Pure: the sharing policy as placement sees it
/// (a memory budget per session, first fit per device; a session without a budget takes a device to itself), tested
/// without a cluster. The silo itself has the last word when the session reserves its device.
/// </summary>
internal static class GpuCapacity
{
    /// <summary>Each GPU's memory in bytes, from a silo's metadata; empty when it advertises none.</summary>
    public static IReadOnlyList<long> Devices(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(SiloMetadataKeys.GpuMemory, out var list) || string.IsNullOrWhiteSpace(list))
        {
            return [];
        }

        var devices = new List<long>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Metadata comes from other silos: a value that is not a byte count is no GPU, not a crash.
            if (long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0)
            {
                devices.Add(bytes);
            }
        }

        return devices;
    }

    /// <summary>The metadata value advertising <paramref name="deviceMemoryBytes"/>.</summary>
    public static string Advertise(IEnumerable<long> deviceMemoryBytes) =>
        string.Join(',', deviceMemoryBytes.Select(b => b.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// True when <paramref name="wanted"/> fits on one of <paramref name="devices"/> after <paramref name="placed"/> (the
    /// sessions already there) are packed first-fit, largest first.
    /// </summary>
    public static bool Fits(IReadOnlyList<long> devices, IEnumerable<ExecutionSpec> placed, ExecutionSpec wanted)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(wanted);
        var free = devices.ToArray();
        var whole = new bool[free.Length];
        foreach (var session in placed.OrderByDescending(s => s.GpuMemoryLimitBytes ?? long.MaxValue))
        {
            var at = FirstFit(devices, free, whole, session);
            if (at < 0)
            {
                // More believed placed than fits: the hint is stale or over-committed; this silo has no room.
                return false;
            }

            Take(free, whole, at, session);
        }

        return FirstFit(devices, free, whole, wanted) >= 0;
    }

    private static int FirstFit(IReadOnlyList<long> devices, long[] free, bool[] whole, ExecutionSpec session)
    {
        for (var i = 0; i < free.Length; i++)
        {
            if (session.Device is { } device && device != i)
            {
                continue;
            }

            var fits = session.GpuMemoryLimitBytes is { } bytes
                ? !whole[i] && free[i] >= bytes
                : !whole[i] && free[i] == devices[i];
            if (fits)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Take(long[] free, bool[] whole, int at, ExecutionSpec session)
    {
        if (session.GpuMemoryLimitBytes is { } bytes)
        {
            free[at] -= bytes;
        }
        else
        {
            whole[at] = true;
            free[at] = 0;
        }
    }
}
