using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace ServingFabric.Cli.Rendering;

/// <summary>Renders a model's scaling (<c>GET /v1/models/{name}/scaling</c>): settings, replicas per version, recent decisions.</summary>
internal static class AutoscalingView
{
    private static readonly (string Field, string Label, Func<double?, string> Format)[] Settings =
    [
        ("min_replicas", "min replicas", Whole),
        ("max_replicas", "max replicas", Whole),
        ("target_in_flight_per_replica", "target in flight per replica", Cells.Decimal),
        ("target_queue_depth_per_replica", "target queue depth per replica", Cells.Decimal),
        ("target_p95_latency_ms", "target p95 latency", Cells.Milliseconds),
        ("max_cpu_percent", "max cpu", Cells.Percent),
        ("max_memory_percent", "max memory", Cells.Percent),
        ("scale_down_stabilization_seconds", "scale-down window", Seconds),
        ("scale_up_stabilization_seconds", "scale-up window", Seconds),
        ("max_concurrency", "max concurrency (per version per silo)", Whole),
        ("max_queue_length", "max queue length (per version per silo)", Whole),
        ("queue_timeout_seconds", "queue timeout", Seconds),
    ];

    /// <summary>The view as plain text, as redirected output shows it.</summary>
    public static string Render(JsonElement scaling) => FabricConsole.Plain(console => Write(console, scaling));

    public static void Write(IAnsiConsole console, JsonElement scaling)
    {
        if (scaling.TryGetProperty("model", out var model))
        {
            console.Write(new Text($"scaling of model {model.GetString()}\n\n"));
        }

        var settings = scaling.GetProperty("settings");
        console.Write(FabricTable.Create(["setting", "value"], [.. Settings.Select(s => (IReadOnlyList<string>)[s.Label, s.Format(Cells.Number(settings, s.Field))])]));

        var desired = scaling.GetProperty("replicas_by_version");
        var serving = scaling.GetProperty("serving_by_version");
        var versions = desired.EnumerateObject().Select(p => p.Name).Union(serving.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal);
        console.Write(new Text("\n"));
        console.Write(FabricTable.Create(["version", "desired replicas", "serving"],
            [.. versions.Select(v => (IReadOnlyList<string>)[v, Cells.Integer(desired, v), Cells.Integer(serving, v)])]));

        var decisions = scaling.GetProperty("recent_decisions").EnumerateArray().ToList();
        if (decisions.Count == 0)
        {
            console.Write(new Text("\nno scaling decisions yet\n"));
            return;
        }

        console.Write(new Text("\nrecent decisions\n"));
        console.Write(FabricTable.Create(["time (utc)", "version", "from", "to", "reason"],
            [.. decisions.Select(d => (IReadOnlyList<string>)
            [
                Cells.Time(d, "at"), ModelView.Str(d, "version"), Cells.Integer(d, "from"), Cells.Integer(d, "to"), ModelView.Str(d, "reason"),
            ])]));
    }

    private static string Whole(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : Cells.None;

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + " s" : Cells.None;
}
