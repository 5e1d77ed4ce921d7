using System.Globalization;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

internal static partial class CliArguments
{
    private static ChangeCommand Change(Uri url, HttpMethod method, string path, JsonObject body, AnswerView view) =>
        new(url, method, path, body.Count == 0 ? null : body, view);

    private static JsonObject WithReason(JsonObject body, CliOptions options, string? required = null)
    {
        if (options.Text("--reason") is { } reason)
        {
            body["reason"] = reason;
        }
        else if (required is not null)
        {
            throw new CliUsageException($"'fabric {required}' needs --reason, as in --reason {ExampleOf("--reason")}: fault injection is recorded with why");
        }

        return body;
    }

    private static void Add(JsonObject body, string field, double? value)
    {
        if (value is { } v)
        {
            body[field] = v;
        }
    }

    private static void Add(JsonObject body, string field, long? value)
    {
        if (value is { } v)
        {
            body[field] = v;
        }
    }

    private static List<(string Version, double Percent)> Pairs(string option, string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select(pair => pair.Split('=') is [var version, var percent] && version.Length > 0
            ? (version, Percent(option, percent, text))
            : throw new CliUsageException($"{option} '{text}' is not a list of version=percent; write it like {option} {ExampleOf(option)}"))];

    private static double Percent(string option, string text, string whole) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new CliUsageException($"{option} '{whole}': '{text}' is not a number; write it like {option} {ExampleOf(option)}");

    private static string ModelPath(string model) => $"v1/models/{Segment(model)}";

    private static string Segment(string text) => Uri.EscapeDataString(text);
}
