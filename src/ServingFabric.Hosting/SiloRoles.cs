using ServingFabric.Grains.Placement;

namespace ServingFabric.Hosting;

/// <summary>Parses <see cref="ServingFabricSiloOptions.Roles"/>; the names are those placement reads (<see cref="SiloMetadataKeys"/>).</summary>
internal static class SiloRoles
{
    public static readonly string[] All = [SiloMetadataKeys.GatewayRole, SiloMetadataKeys.InferenceRole];

    /// <summary>Splits a comma-separated list into trimmed, lower-case, distinct role names.</summary>
    public static IReadOnlyList<string> Parse(string? roles) =>
        (roles ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
