using ServingFabric.Chaos.Load;

namespace ServingFabric.Chaos.Running;

/// <summary>Requests due in a time span of the load's clock, and their latency quantiles.</summary>
internal sealed record Window(double From, double To, long Sent, long Failed, double? P50Ms, double? P99Ms)
{
    public static Window Of(IReadOnlyList<RequestRecord> records, double from, double to)
    {
        var inside = records.Where(r => r.DueAt >= from && r.DueAt < to).ToList();
        var latencies = inside.Where(r => r.Succeeded).Select(r => r.LatencyMs).Order().ToArray();
        return new Window(from, to, inside.Count, inside.Count(r => !r.Succeeded), Quantile(latencies, 0.50), Quantile(latencies, 0.99));
    }

    public static double? Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
}
