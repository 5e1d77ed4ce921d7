using System.Globalization;

namespace ServingFabric.Runtime.Telemetry;

/// <summary>
/// Reads the CPU and memory limits of cgroup v2 (what Kubernetes sets from a container's limits). A limit set on any
/// cgroup from the process's own up to the root applies, so the smallest one found on that path wins.
/// </summary>
internal static class CgroupLimits
{
    /// <summary>
    /// The process's cgroup v2 path from the text of <c>/proc/self/cgroup</c> (the line <c>0::/path</c>); null on
    /// cgroup v1 or outside Linux.
    /// </summary>
    public static string? UnifiedPath(string? procSelfCgroup)
    {
        if (procSelfCgroup is null)
        {
            return null;
        }

        foreach (var line in procSelfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("0::", StringComparison.Ordinal))
            {
                return line[3..];
            }
        }

        return null;
    }

    /// <summary>The smallest <c>memory.max</c> on the path in bytes; null when every one is <c>max</c> or absent.</summary>
    public static long? MemoryMax(string root, string? cgroupPath)
    {
        long? smallest = null;
        foreach (var folder in FoldersUpToRoot(root, cgroupPath))
        {
            if (ReadFirstLine(Path.Combine(folder, "memory.max")) is { } text
                && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                && (smallest is null || bytes < smallest))
            {
                smallest = bytes;
            }
        }

        return smallest;
    }

    /// <summary>The smallest <c>cpu.max</c> quota on the path in cores (quota / period); null when none is set.</summary>
    public static double? CpuMaxCores(string root, string? cgroupPath)
    {
        double? smallest = null;
        foreach (var folder in FoldersUpToRoot(root, cgroupPath))
        {
            if (ReadFirstLine(Path.Combine(folder, "cpu.max")) is not { } text)
            {
                continue;
            }

            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var quota)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var period)
                && period > 0)
            {
                var cores = (double)quota / period;
                if (smallest is null || cores < smallest)
                {
                    smallest = cores;
                }
            }
        }

        return smallest;
    }

    /// <summary>MemTotal from the text of <c>/proc/meminfo</c>, in bytes; null when absent.</summary>
    public static long? MemTotal(string? procMeminfo)
    {
        if (procMeminfo is null)
        {
            return null;
        }

        foreach (var line in procMeminfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
                {
                    return kilobytes * 1024;
                }
            }
        }

        return null;
    }

    // From the process's own cgroup folder up to the mount root. In a container with its own cgroup namespace the
    // path is "/" and the root is the container's cgroup; without one, the folders that do not exist are skipped.
    private static IEnumerable<string> FoldersUpToRoot(string root, string? cgroupPath)
    {
        var relative = (cgroupPath ?? "").Trim('/');
        while (relative.Length > 0)
        {
            yield return Path.Combine(root, relative);
            var slash = relative.LastIndexOf('/');
            relative = slash < 0 ? "" : relative[..slash];
        }

        yield return root;
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine()?.Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
