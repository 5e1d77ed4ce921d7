using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace ServingFabric.Cli.Rendering;

/// <summary>The sections of <c>fabric models get</c> beyond replicas: registry, traffic policy, release and scaling in brief.</summary>
internal static class TrafficView
{
    public static void WriteSections(IAnsiConsole console, JsonElement model)
    {
        if (Present(model, "registry") is { } registry && registry.GetArrayLength() > 0)
        {
            console.Write(new Text("\nversions\n"));
            VersionsView.Write(console, registry.EnumerateArray());
        }

        // An empty policy (everything to the default version, named in the summary line) needs no section.
        if (Present(model, "traffic") is { } traffic && !IsEmpty(traffic))
        {
            console.Write(new Text("\n"));
            WriteTraffic(console, traffic, ModelView.Str(model, "default_version"));
        }

        if (Present(model, "experiment") is { } release)
        {
            console.Write(new Text(string.Create(CultureInfo.InvariantCulture,
                $"\nrelease: {ModelView.Str(release, "kind")} {ModelView.Str(release, "id")} {ModelView.Str(release, "status")}, control {ModelView.Str(release, "control")}, " +
                $"candidate {ModelView.Str(release, "candidate")} at {Cells.Percent(Cells.Number(release, "candidate_percent"))}; " +
                $"decision {ModelView.Str(release, "decision")}: {ModelView.Str(release, "reason")}\n")));
        }

        if (Present(model, "scaling") is { } scaling)
        {
            var settings = scaling.GetProperty("settings");
            var versions = scaling.GetProperty("replicas_by_version").EnumerateObject()
                .Select(v => $"{v.Name}: {v.Value.GetInt32()} desired, {Cells.Integer(scaling.GetProperty("serving_by_version"), v.Name)} serving");
            console.Write(new Text(string.Create(CultureInfo.InvariantCulture,
                $"\nscaling: replicas {Cells.Integer(settings, "min_replicas")} to {Cells.Integer(settings, "max_replicas")} per version; {string.Join("; ", versions)} (fabric scaling get for details)\n")));
        }
    }

    private static void WriteTraffic(IAnsiConsole console, JsonElement traffic, string defaultVersion)
    {
        var text = new StringBuilder("traffic: ");
        var weights = traffic.GetProperty("weights").EnumerateArray().ToList();
        text.Append(weights.Count == 0
            ? $"all unversioned requests to the default version {defaultVersion}"
            : string.Join(", ", weights.Select(w => $"version {ModelView.Str(w, "version")} {Cells.Percent(Cells.Number(w, "percent"))}")));
        if (Present(traffic, "mirror") is { } mirror)
        {
            text.Append(CultureInfo.InvariantCulture, $"; mirroring {Cells.Percent(Cells.Number(mirror, "percent"))} to version {ModelView.Str(mirror, "version")}");
        }

        text.Append('\n');
        var faults = traffic.TryGetProperty("faults", out var f) ? f.EnumerateArray().ToList() : [];
        if (faults.Count > 0)
        {
            text.Append("injected faults\n");
        }

        console.Write(new Text(text.ToString()));
        if (faults.Count > 0)
        {
            console.Write(FabricTable.Create(["version", "aborted", "status", "delayed", "delay"],
                [.. faults.Select(fault => (IReadOnlyList<string>)
                [
                    ModelView.Str(fault, "version"), Cells.Percent(Cells.Number(fault, "abort_percent")), Cells.Integer(fault, "abort_status"),
                    Cells.Percent(Cells.Number(fault, "delay_percent")), Cells.Milliseconds(Cells.Number(fault, "delay_ms")),
                ])]));
        }
    }

    private static bool IsEmpty(JsonElement traffic) =>
        traffic.GetProperty("weights").GetArrayLength() == 0
        && Present(traffic, "mirror") is null
        && (!traffic.TryGetProperty("faults", out var faults) || faults.GetArrayLength() == 0);

    private static JsonElement? Present(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? value : null;
}
