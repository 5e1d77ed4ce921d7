using System.Text.Json.Serialization;
using ServingFabric.Contracts.Json;

namespace ServingFabric.Contracts.Traffic;

/// <summary>
/// The <c>mirror</c> of <see cref="Models.UpdateModelRequest"/>: mirror to a version (<c>{"version", "percent"}</c>) or
/// stop mirroring (JSON <c>null</c>). Its own type because "stop" and "keep as it is" (the field left out) differ.
/// </summary>
/// <param name="To">The shadow version and share; null stops mirroring.</param>
[JsonConverter(typeof(MirrorChangeConverter))]
public sealed record MirrorChange(TrafficWeight? To)
{
    /// <summary>Stop mirroring (sent as <c>"mirror": null</c>).</summary>
    public static MirrorChange Stop { get; } = new((TrafficWeight?)null);

    /// <summary>Mirror <paramref name="percent"/> % of requests to <paramref name="version"/>.</summary>
    /// <param name="version">The shadow version, whose answers are discarded.</param>
    /// <param name="percent">The share of requests copied, above 0 and at most 100.</param>
    public static MirrorChange ToVersion(string version, double percent) => new(new TrafficWeight { Version = version, Percent = percent });
}
