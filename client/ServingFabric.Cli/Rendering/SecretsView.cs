using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace ServingFabric.Cli.Rendering;

/// <summary>Renders <c>GET /v1/secrets</c> and <c>GET /v1/audit/secrets</c>: references, versions and times, never values.</summary>
internal static class SecretsView
{
    public static string RenderStatus(JsonElement root, DateTimeOffset now) => FabricConsole.Plain(console => WriteStatus(console, root, now));

    public static void WriteStatus(IAnsiConsole console, JsonElement root, DateTimeOffset now)
    {
        var secrets = root.GetProperty("secrets");
        console.Write(new Text($"secrets read by silo {root.GetProperty("silo").GetString()}\n\n"));
        if (secrets.GetArrayLength() == 0)
        {
            console.Write(new Text("no setting of this silo is a secret reference (kv://<vault>/<name> or file:<path>)\n"));
            return;
        }

        console.Write(FabricTable.Create(
            ["secret", "store", "component", "version", "age", "last rotation", "next check", "last error"],
            [.. secrets.EnumerateArray().Select(s => (IReadOnlyList<string>)
            [
                s.GetProperty("reference").GetString()!,
                s.GetProperty("store").GetString()!,
                s.GetProperty("component").GetString()!,
                Short(s.GetProperty("version").GetString()),
                Since(s, "version_created_on", now),
                Since(s, "last_rotation", now, never: "never"),
                Until(s, "next_check", now),
                s.GetProperty("last_error").GetString() ?? "",
            ])]));
    }

    public static void WriteAudit(IAnsiConsole console, JsonElement root)
    {
        var records = root.GetProperty("records");
        console.Write(new Text($"secret accesses on silo {root.GetProperty("silo").GetString()}: {records.GetArrayLength()} shown of {root.GetProperty("total").GetInt64()}\n\n"));
        console.Write(FabricTable.Create(
            ["time", "operation", "secret", "version", "component", "outcome"],
            [.. records.EnumerateArray().Select(r => (IReadOnlyList<string>)
            [
                r.GetProperty("time").GetDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.GetProperty("operation").GetString()!,
                r.GetProperty("secret").GetString()!,
                Short(r.GetProperty("version").GetString()),
                r.GetProperty("component").GetString()!,
                r.GetProperty("outcome").GetString()!,
            ])]));
    }

    private static string Short(string? version) => version is null ? "-" : version.Length > 12 ? version[..12] : version;

    private static string Since(JsonElement element, string name, DateTimeOffset now, string never = "-") =>
        element.GetProperty(name).ValueKind == JsonValueKind.String ? Cells.Duration(now - element.GetProperty(name).GetDateTimeOffset()) + " ago" : never;

    private static string Until(JsonElement element, string name, DateTimeOffset now)
    {
        var at = element.GetProperty(name).GetDateTimeOffset();
        return at <= now ? "now" : "in " + Cells.Duration(at - now);
    }
}
