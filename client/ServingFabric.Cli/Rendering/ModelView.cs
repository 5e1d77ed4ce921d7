using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ServingFabric.Cli.Rendering;

/// <summary>Renders <c>GET /v1/models/{name}</c> as a summary line, a table of replicas, the registry, traffic, release and scaling, and the recent events.</summary>
internal static class ModelView
{
    public static string Render(JsonElement model)
    {
        var text = new StringBuilder();
        var replicas = model.GetProperty("replicas");
        text.Append(CultureInfo.InvariantCulture,
            $"model {Str(model, "name")}  {(model.GetProperty("loaded").GetBoolean() ? "loaded" : "UNLOADED")}  revision {model.GetProperty("revision").GetInt64()}  " +
            $"default version {Str(model, "default_version")}  replicas min {replicas.GetProperty("min").GetInt32()} max {replicas.GetProperty("max").GetInt32()} " +
            $"(running {replicas.GetProperty("per_version").GetInt32()} per version)\n\n");

        var rows = new List<IReadOnlyList<string>>();
        foreach (var version in model.GetProperty("versions").EnumerateArray())
        {
            foreach (var replica in version.GetProperty("replicas").EnumerateArray())
            {
                var zone = Str(replica, "zone");
                var target = Str(replica, "target_zone");
                rows.Add([
                    Str(version, "version"),
                    Str(replica, "key"),
                    Str(replica, "silo"),
                    target != "-" && target != zone ? $"{zone} (wants {target})" : zone,
                    Str(replica, "state"),
                    Str(replica, "health"),
                    replica.GetProperty("queue_depth").GetInt32().ToString(CultureInfo.InvariantCulture),
                    replica.GetProperty("in_flight").GetInt32().ToString(CultureInfo.InvariantCulture),
                    Str(replica, "error"),
                ]);
            }
        }

        text.Append(TextTable.Render(["version", "replica", "silo", "zone", "state", "health", "queue", "in flight", "error"], rows));
        text.Append(TrafficView.RenderSections(model));
        if (model.TryGetProperty("events", out var events) && events.GetArrayLength() > 0)
        {
            text.Append("\nrecent events\n").Append(EventView.Render(events, includeModel: false));
        }

        return text.ToString();
    }

    internal static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";
}
