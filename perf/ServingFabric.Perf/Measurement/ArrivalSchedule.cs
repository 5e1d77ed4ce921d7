namespace ServingFabric.Perf.Measurement;

/// <summary>Intended send times of an open loop, as offsets from its start. Poisson gaps come from a seeded source, so a run can be repeated exactly.</summary>
internal static class ArrivalSchedule
{
    public static IEnumerable<TimeSpan> Offsets(ArrivalProcess process, double ratePerSecond, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        var random = new Random(seed);
        var seconds = 0.0;
        for (long i = 0; ; i++)
        {
            yield return TimeSpan.FromSeconds(seconds);
            seconds = process == ArrivalProcess.Constant
                ? (i + 1) / ratePerSecond
                : seconds + (-Math.Log(1.0 - random.NextDouble()) / ratePerSecond);
        }
    }
}
