using System.Text.Json;

namespace ServingFabric.Cli;

/// <summary>--output json: the gateway's answer as it came, indented for one answer, one line per document for streams.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Task WriteAsync(TextWriter output, JsonElement answer) =>
        output.WriteLineAsync(JsonSerializer.Serialize(answer, Indented));

    /// <summary>One compact document per line (JSON Lines), for a watch or a follow that a script reads as it goes.</summary>
    public static Task WriteLineAsync(TextWriter output, JsonElement answer) =>
        output.WriteLineAsync(answer.GetRawText().ReplaceLineEndings(" "));
}
