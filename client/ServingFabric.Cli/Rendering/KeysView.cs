using System.Globalization;
using System.Text.Json.Nodes;
using ServingFabric.Contracts.Security;
using Spectre.Console;

namespace ServingFabric.Cli.Rendering;

/// <summary>The keys of a keys file as a table or JSON: id, name, scopes, dates and status; never the salt or hash.</summary>
internal static class KeysView
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ApiKeyRecord> keys, DateTimeOffset now)
    {
        if (keys.Count == 0)
        {
            console.Write(new Text("no keys\n"));
            return;
        }

        console.Write(FabricTable.Create(["id", "name", "scopes", "created (utc)", "expires (utc)", "status"],
            keys.Select(k => (IReadOnlyList<string>)[k.Id, k.Name, string.Join(",", k.Scopes), Time(k.CreatedAt), k.ExpiresAt is { } e ? Time(e) : "never", Status(k, now)])));
    }

    /// <summary>The keys as JSON for --output json: the file's fields without salt and hash, plus the status.</summary>
    public static JsonObject Json(IReadOnlyList<ApiKeyRecord> keys, DateTimeOffset now) => new()
    {
        ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)Json(k, now))]),
    };

    public static JsonObject Json(ApiKeyRecord key, DateTimeOffset now) => new()
    {
        ["id"] = key.Id,
        ["name"] = key.Name,
        ["scopes"] = new JsonArray([.. key.Scopes.Select(s => (JsonNode)s)]),
        ["created_at"] = key.CreatedAt,
        ["expires_at"] = key.ExpiresAt,
        ["revoked_at"] = key.RevokedAt,
        ["status"] = Status(key, now),
    };

    /// <summary>revoked, expired or active, in that order: a revoked key stays revoked whatever its expiry.</summary>
    public static string Status(ApiKeyRecord key, DateTimeOffset now) =>
        key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= now ? "expired" : "active";

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
