using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ServingFabric.Cli.Rendering;

/// <summary>Renders <c>GET /v1/models/{name}</c> as a summary line, a table of replicas, the availability SLI, the registry, traffic, release and scaling, and the recent events.</summary>
internal static class ModelView
{
    /// <summary>The view as plain text, as redirected output shows it.</summary>
    public static string Render(JsonElement model) => FabricConsole.Plain(console => Write(console, model));

    public static void Write(IAnsiConsole console, JsonElement model)
    {
        var replicas = model.GetProperty("replicas");
        var loaded = model.GetProperty("loaded").GetBoolean() ? "loaded" : "UNLOADED";
        console.Write(new Text($"model {Str(model, "name")}  "));
        console.Write(new Text(loaded, Colours.Of(loaded)));
        console.Write(new Text(string.Create(CultureInfo.InvariantCulture,
            $"  revision {model.GetProperty("revision").GetInt64()}  default version {Str(model, "default_version")}  " +
            $"replicas min {replicas.GetProperty("min").GetInt32()} max {replicas.GetProperty("max").GetInt32()} " +
            $"(running {replicas.GetProperty("per_version").GetInt32()} per version)\n\n")));

        // The device column appears only where a replica runs off the CPU (a GPU, or a GPU model fallen back to the CPU).
        var showDevice = model.GetProperty("versions").EnumerateArray()
            .SelectMany(v => v.GetProperty("replicas").EnumerateArray())
            .Any(r => Str(r, "device") is var device && device != "-" && device != "cpu");
        var rows = new List<IReadOnlyList<IRenderable>>();
        foreach (var version in model.GetProperty("versions").EnumerateArray())
        {
            foreach (var replica in version.GetProperty("replicas").EnumerateArray())
            {
                var zone = Str(replica, "zone");
                var target = Str(replica, "target_zone");
                List<IRenderable> row = [
                    FabricTable.Cell(Str(version, "version")),
                    FabricTable.Cell(Str(replica, "key")),
                    FabricTable.Cell(Str(replica, "silo")),
                    FabricTable.Cell(target != "-" && target != zone ? $"{zone} (wants {target})" : zone),
                    Colours.Cell(Str(replica, "state")),
                    Colours.Cell(Str(replica, "health")),
                    FabricTable.Cell(replica.GetProperty("queue_depth").GetInt32().ToString(CultureInfo.InvariantCulture)),
                    FabricTable.Cell(replica.GetProperty("in_flight").GetInt32().ToString(CultureInfo.InvariantCulture)),
                    FabricTable.Cell(Str(replica, "error")),
                ];
                if (showDevice)
                {
                    row.Insert(4, FabricTable.Cell(Str(replica, "device")));
                }

                rows.Add(row);
            }
        }

        string[] headers = showDevice
            ? ["version", "replica", "silo", "zone", "device", "state", "health", "queue", "in flight", "error"]
            : ["version", "replica", "silo", "zone", "state", "health", "queue", "in flight", "error"];
        console.Write(FabricTable.Create(headers, rows));
        AvailabilityView.Write(console, model);
        TrafficView.WriteSections(console, model);
        if (model.TryGetProperty("events", out var events) && events.GetArrayLength() > 0)
        {
            console.Write(new Text("\nrecent events\n"));
            EventView.Write(console, events, includeModel: false);
        }
    }

    internal static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";
}
