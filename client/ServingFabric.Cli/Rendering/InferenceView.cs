using System.Text.Json;
using Spectre.Console;

namespace ServingFabric.Cli.Rendering;

/// <summary>Renders an inference answer (the protocol's JSON response) as one row per output.</summary>
internal static class InferenceView
{
    /// <summary>The most values a row shows; --output json prints them all.</summary>
    public const int MaxValues = 16;

    /// <summary>The view as plain text, as redirected output shows it.</summary>
    public static string Render(JsonElement response) => FabricConsole.Plain(console => Write(console, response));

    public static void Write(IAnsiConsole console, JsonElement response)
    {
        console.Write(new Text($"model {ModelView.Str(response, "model_name")} version {ModelView.Str(response, "model_version")}" +
            (response.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } text ? $" id {text}" : string.Empty) + "\n"));
        var rows = response.GetProperty("outputs").EnumerateArray().Select(o => (IReadOnlyList<string>)
        [
            ModelView.Str(o, "name"),
            ModelView.Str(o, "datatype"),
            "[" + string.Join(",", o.GetProperty("shape").EnumerateArray().Select(d => d.GetRawText())) + "]",
            Values(o.GetProperty("data")),
        ]).ToList();
        console.Write(FabricTable.Create(["output", "datatype", "shape", "values"], rows));
    }

    private static string Values(JsonElement data)
    {
        var values = data.EnumerateArray().Select(v => v.GetRawText()).ToList();
        return values.Count <= MaxValues
            ? string.Join(" ", values)
            : string.Join(" ", values.Take(MaxValues)) + $" ... ({values.Count} values; -o json prints all)";
    }
}
