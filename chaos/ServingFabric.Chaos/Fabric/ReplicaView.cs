using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServingFabric.Chaos.Fabric;

/// <summary>Reads the operator view <c>GET /v1/models/{m}</c>: replicas the supervisor reports ready and healthy, on live silos.</summary>
internal static partial class ReplicaView
{
    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();

    /// <summary>
    /// Counts replicas with state <c>ready</c> and health <c>healthy</c> whose silo (Orleans address
    /// <c>S127.0.0.1:port:generation</c>) is one of <paramref name="live"/> and newer than the generations the harness
    /// saw before it restarted that silo: a dead predecessor's replica still listed as healthy is not a replica.
    /// </summary>
    public static int CountReady(string json, IReadOnlyList<SiloInstance> live)
    {
        using var document = JsonDocument.Parse(json);
        var ready = 0;
        foreach (var version in Array(document.RootElement, "versions"))
        {
            foreach (var replica in Array(version, "replicas"))
            {
                if (Text(replica, "silo") is not { } silo || SiloAddress().Match(silo) is not { Success: true } address)
                {
                    continue;
                }

                var port = int.Parse(address.Groups["port"].Value, CultureInfo.InvariantCulture);
                var generation = int.Parse(address.Groups["generation"].Value, CultureInfo.InvariantCulture);
                var host = live.FirstOrDefault(s => s.SiloPort == port);
                if (host is null)
                {
                    continue;
                }

                host.NewestGenerationSeen = Math.Max(host.NewestGenerationSeen, generation);
                if (generation > host.StaleGenerations
                    && string.Equals(Text(replica, "state"), "ready", StringComparison.OrdinalIgnoreCase)
                    && string.Equals(Text(replica, "health"), "healthy", StringComparison.OrdinalIgnoreCase))
                {
                    ready++;
                }
            }
        }

        return ready;
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : EmptyArray.EnumerateArray();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"(?<host>\d+\.\d+\.\d+\.\d+):(?<port>\d+):(?<generation>\d+)")]
    private static partial Regex SiloAddress();
}
