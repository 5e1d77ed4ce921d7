namespace ServingFabric.Chaos.Faults;

/// <summary>Seeded random fault sequences: the same seed gives the same faults, targets, durations and gaps.</summary>
internal static class FaultPlan
{
    /// <summary>
    /// Faults for a run of <paramref name="length"/>: one every 20-40 s (the gap counts from the previous fault's
    /// recovery), kinds drawn evenly from <paramref name="kinds"/>, freezes of 5-15 s and storage outages of 15-40 s.
    /// </summary>
    public static IReadOnlyList<ChaosFault> Random(int seed, TimeSpan length, IReadOnlyList<FaultKind> kinds, int silos)
    {
        ArgumentOutOfRangeException.ThrowIfZero(kinds.Count);
        var random = new Random(seed);
        var faults = new List<ChaosFault>();

        // Budget: the gap plus the fault itself plus about 15 s of recovery each.
        for (var used = TimeSpan.Zero; ;)
        {
            var kind = kinds[random.Next(kinds.Count)];
            var gap = TimeSpan.FromSeconds(random.Next(20, 41));
            var duration = kind switch
            {
                FaultKind.Freeze => TimeSpan.FromSeconds(random.Next(5, 16)),
                FaultKind.StorageOutage => TimeSpan.FromSeconds(random.Next(15, 41)),
                FaultKind.Partition => TimeSpan.FromSeconds(random.Next(10, 21)),
                _ => TimeSpan.Zero,
            };
            var silo = random.Next(silos);
            used += gap + duration + TimeSpan.FromSeconds(15);
            if (used > length)
            {
                return faults;
            }

            faults.Add(new ChaosFault(kind, silo, duration, gap));
        }
    }
}
