namespace ServingFabric.Grains.Routing;

/// <summary>
/// A model's availability SLI counts, kept in the router's state so the 1-day and 30-day windows survive restarts:
/// per version, valid and good requests in minute buckets (the last hour), hour buckets (the last day) and day buckets
/// (the last 30 days), oldest first. A few kilobytes per version.
/// </summary>
[GenerateSerializer, Alias("sf.AvailabilityState")]
public sealed class AvailabilityState
{
    [Id(0)]
    public List<VersionAvailabilityState> Versions { get; set; } = [];
}

/// <summary>One version's buckets.</summary>
[GenerateSerializer, Alias("sf.VersionAvailabilityState")]
public sealed class VersionAvailabilityState
{
    [Id(0)]
    public string Version { get; set; } = "";

    [Id(1)]
    public List<AvailabilityBucket> Minutes { get; set; } = [];

    [Id(2)]
    public List<AvailabilityBucket> Hours { get; set; } = [];

    [Id(3)]
    public List<AvailabilityBucket> Days { get; set; } = [];
}

/// <summary>Valid and good requests reported in the bucket that starts at <see cref="Start"/> (Unix seconds, UTC).</summary>
[GenerateSerializer, Alias("sf.AvailabilityBucket")]
public sealed class AvailabilityBucket
{
    [Id(0)]
    public long Start { get; set; }

    [Id(1)]
    public long Valid { get; set; }

    [Id(2)]
    public long Good { get; set; }
}
