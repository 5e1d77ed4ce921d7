namespace ServingFabric.Perf.Measurement;

/// <summary>
/// A closed-loop run is stable when the last <see cref="Windows"/> windows' throughputs lie within
/// <see cref="Tolerance"/> of their largest: by then warm-up effects (JIT, pools, caches) have settled.
/// </summary>
internal sealed record StabilityRule(int Windows = 3, double Tolerance = 0.10)
{
    public bool IsStable(IReadOnlyList<double> throughputs)
    {
        ArgumentNullException.ThrowIfNull(throughputs);
        if (throughputs.Count < Windows)
        {
            return false;
        }

        var last = throughputs.Skip(throughputs.Count - Windows).ToArray();
        var max = last.Max();
        return max > 0 && (max - last.Min()) <= Tolerance * max;
    }
}
