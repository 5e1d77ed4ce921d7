using System.Globalization;
using ServingFabric.Chaos.Fabric;

namespace ServingFabric.Chaos.Soak;

/// <summary>
/// Reads a silo process from outside: RSS and threads from <c>/proc/&lt;pid&gt;/status</c>, open handles by counting
/// <c>/proc/&lt;pid&gt;/fd</c>, and the GC heap from its <c>/metrics</c> (the runtime meter's
/// <c>dotnet_gc_last_collection_heap_size_bytes</c>, summed over generations: the heap as the last GC left it).
/// </summary>
internal static class ProcessSampler
{
    private const string GcHeapMetric = "dotnet_gc_last_collection_heap_size_bytes";

    public static async Task<ProcessSample?> SampleAsync(SiloInstance silo, HttpClient admin, double minutes, double? p99)
    {
        var pid = silo.Process.Id;
        var status = $"/proc/{pid}/status";
        if (silo.Process.HasExited || !File.Exists(status))
        {
            return null;
        }

        double rssKb = 0;
        var threads = 0;
        foreach (var line in await File.ReadAllLinesAsync(status))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rssKb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        var handles = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        return new ProcessSample(silo.Zone, Math.Round(minutes, 3), Math.Round(rssKb / 1024, 1), await GcHeapMbAsync(silo, admin), threads, handles, p99);
    }

    private static async Task<double?> GcHeapMbAsync(SiloInstance silo, HttpClient admin)
    {
        try
        {
            var text = await admin.GetStringAsync(new Uri(silo.BaseAddress, "/metrics"));
            double total = 0;
            var found = false;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith(GcHeapMetric + "{", StringComparison.Ordinal)
                    && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes))
                {
                    total += bytes;
                    found = true;
                }
            }

            return found ? Math.Round(total / (1024 * 1024), 1) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
