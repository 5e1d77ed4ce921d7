using System.Text.Json;

namespace ServingFabric.Cli.Rendering;

/// <summary>Renders the version registry (<c>GET /v1/models/{name}/versions</c>, or a model's <c>registry</c>) as a table.</summary>
internal static class VersionsView
{
    public static string Render(IEnumerable<JsonElement> versions)
    {
        var rows = versions.Select(v => (IReadOnlyList<string>)
        [
            ModelView.Str(v, "version"),
            ModelView.Str(v, "lifecycle"),
            v.TryGetProperty("is_default", out var d) && d.ValueKind == JsonValueKind.True ? "yes" : "no",
            Cells.Percent(Cells.Number(v, "traffic_percent")),
            Cells.Time(v, "registered_at"),
            ModelView.Str(v, "registered_by"),
            Short(ModelView.Str(v, "sha256")),
            ModelView.Str(v, "artifact"),
        ]).ToList();
        return rows.Count == 0
            ? "no versions\n"
            : TextTable.Render(["version", "lifecycle", "default", "traffic", "registered (utc)", "by", "sha-256", "artifact"], rows);
    }

    // The first 12 hex digits tell artifacts apart at a glance; the full digest is in the JSON.
    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
