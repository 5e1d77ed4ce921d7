using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Traffic;

/// <summary><c>{"version", "percent"}</c>: one version's share of the traffic, or of the requests mirrored to it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrafficWeight
{
    /// <summary>The version.</summary>
    public required string Version { get; init; }

    /// <summary>Its share in percent (0 to 100; a mirror's above 0).</summary>
    public required double Percent { get; init; }
}
