using System.Text.Json;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Collection;

/// <summary>Asks a Prometheus server (<c>--prometheus</c>) which alerting rules it has loaded and which ServingFabric targets it scrapes.</summary>
internal static class PrometheusEvidenceCollector
{
    public static async Task<PrometheusEvidence> CollectAsync(HttpClient http, Uri? prometheus, CancellationToken cancellationToken)
    {
        if (prometheus is null)
        {
            return PrometheusEvidence.NotGiven;
        }

        var api = new FabricHttp(http, prometheus, null);
        return new PrometheusEvidence(
            await ReadAsync(api, "/api/v1/rules", data => data.GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray())
                .Where(r => r.TryGetProperty("type", out var t) && t.GetString() == "alerting")
                .Select(r => r.GetProperty("name").GetString() ?? "?"), cancellationToken),
            await ReadAsync(api, "/api/v1/targets", data => data.GetProperty("activeTargets").EnumerateArray()
                .Where(t => t.GetProperty("health").GetString() == "up" && t.GetRawText().Contains("servingfabric", StringComparison.OrdinalIgnoreCase))
                .Select(t => t.GetProperty("scrapeUrl").GetString() ?? "?"), cancellationToken),
            await BatchesByInstanceAsync(api, cancellationToken));
    }

    public const string BatchesQuery = "sum by (instance) (increase(servingfabric_batch_size_count[15m]))";

    private static async Task<Sourced<IReadOnlyDictionary<string, double>>> BatchesByInstanceAsync(FabricHttp api, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(api, $"/api/v1/query?query={Uri.EscapeDataString(BatchesQuery)}", data => data.GetProperty("result").EnumerateArray()
            .Select(r => $"{(r.GetProperty("metric").TryGetProperty("instance", out var i) ? i.GetString() : "?")}={r.GetProperty("value")[1].GetString()}"), cancellationToken);
        return read.Value is { } pairs
            ? Sourced.Read<IReadOnlyDictionary<string, double>>(read.Source, pairs.Select(p => p.Split('=', 2))
                .ToDictionary(p => p[0], p => double.TryParse(p[1], System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : 0, StringComparer.Ordinal))
            : Sourced.Unavailable<IReadOnlyDictionary<string, double>>(read.Source, read.Missing!);
    }

    private static async Task<Sourced<IReadOnlyList<string>>> ReadAsync(FabricHttp api, string path, Func<JsonElement, IEnumerable<string>> select, CancellationToken cancellationToken)
    {
        var source = $"Prometheus GET {path}";
        try
        {
            var answer = await api.GetAsync(path, cancellationToken, anonymous: true);
            if (!answer.Ok)
            {
                return Sourced.Unavailable<IReadOnlyList<string>>(source, answer.Failure);
            }

            using var document = JsonDocument.Parse(answer.Body, new JsonDocumentOptions { MaxDepth = 32 });
            return Sourced.Read<IReadOnlyList<string>>(source, [.. select(document.RootElement.GetProperty("data")).Distinct(StringComparer.Ordinal)]);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Sourced.Unavailable<IReadOnlyList<string>>(source, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
