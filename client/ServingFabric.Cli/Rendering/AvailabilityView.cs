using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ServingFabric.Cli.Rendering;

/// <summary>
/// The availability section of <c>fabric models get</c>: the SLI per window for the whole model and each version, and
/// the error budget left, coloured red when the budget of a window is overspent; and the gateways' probes.
/// </summary>
internal static class AvailabilityView
{
    public static void Write(IAnsiConsole console, JsonElement model)
    {
        if (!model.TryGetProperty("availability", out var availability) || availability.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var objective = availability.GetProperty("objective").GetDouble();
        console.Write(new Text(string.Create(CultureInfo.InvariantCulture,
            $"\navailability (objective {Percent(objective)} of valid requests good within {availability.GetProperty("latency_objective_ms").GetDouble():0.###} ms; budget left in brackets)\n")));

        var headers = new List<string> { "scope" };
        headers.AddRange(availability.GetProperty("windows").EnumerateArray().Select(w => ModelView.Str(w, "window")));
        var rows = new List<IReadOnlyList<IRenderable>> { Row("model", availability) };
        foreach (var version in model.GetProperty("versions").EnumerateArray())
        {
            if (version.TryGetProperty("availability", out var own) && own.ValueKind == JsonValueKind.Object)
            {
                rows.Add(Row($"version {ModelView.Str(version, "version")}", own));
            }
        }

        if (model.TryGetProperty("probe_availability", out var probes) && probes.ValueKind == JsonValueKind.Object)
        {
            rows.Add(Row("probes", probes));
        }

        console.Write(FabricTable.Create(headers, rows));
    }

    private static List<IRenderable> Row(string scope, JsonElement availability)
    {
        var cells = new List<IRenderable> { FabricTable.Cell(scope) };
        foreach (var window in availability.GetProperty("windows").EnumerateArray())
        {
            cells.Add(Cell(window));
        }

        return cells;
    }

    private static IRenderable Cell(JsonElement window)
    {
        if (!window.TryGetProperty("sli", out var sli) || sli.ValueKind != JsonValueKind.Number)
        {
            return FabricTable.Cell("no data");
        }

        var budget = window.TryGetProperty("error_budget_remaining", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetDouble() : (double?)null;
        var text = string.Create(CultureInfo.InvariantCulture, $"{Percent(sli.GetDouble())} ({(budget is { } left ? Percent(left, digits: 0) : "-")}) of {window.GetProperty("valid").GetInt64()}");
        return budget < 0 ? FabricTable.Cell(text, new Style(Color.Red)) : FabricTable.Cell(text);
    }

    private static string Percent(double share, int digits = 3) =>
        (share * 100).ToString(digits == 0 ? "0" : "0.###", CultureInfo.InvariantCulture) + " %";
}
