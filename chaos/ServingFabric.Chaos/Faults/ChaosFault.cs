namespace ServingFabric.Chaos.Faults;

/// <summary>One planned fault: its kind, the silo it hits (index into zones a, b, c; ignored for storage), how long it lasts (freeze, outage) and the quiet time before it.</summary>
internal sealed record ChaosFault(FaultKind Kind, int Silo, TimeSpan Duration, TimeSpan GapBefore)
{
    public string Describe(IReadOnlyList<string> zones) => Kind switch
    {
        FaultKind.Kill => $"kill -9 silo {zones[Silo]}",
        FaultKind.Terminate => $"SIGTERM silo {zones[Silo]}",
        FaultKind.Freeze => $"SIGSTOP silo {zones[Silo]} for {Duration.TotalSeconds:F0} s",
        FaultKind.StorageOutage => $"storage outage {Duration.TotalSeconds:F0} s",
        FaultKind.Partition => $"partition silo {zones[Silo]} for {Duration.TotalSeconds:F0} s",
        _ => Kind.ToString(),
    };
}
