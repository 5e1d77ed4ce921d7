using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingFabric.Perf.Reporting;

/// <summary>The machine-readable result: <c>&lt;out&gt;/&lt;scenario&gt;.json</c>, for comparisons across runs and for the harness's own test.</summary>
internal static class JsonReportWriter
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ScenarioReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        var path = Path.Combine(folder, report.Scenario + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(report, Options) + "\n");
        return path;
    }
}
