using System.CommandLine;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>Builds the JSON bodies of changes from parsed options: only options given become fields.</summary>
internal static class RequestBodies
{
    public static ChangeCommand Change(Uri url, HttpMethod method, string path, JsonObject body, AnswerView view) =>
        new(url, method, path, body.Count == 0 ? null : body, view);

    public static JsonObject WithReason(this JsonObject body, ParseResult parse, Option<string?> reason)
    {
        if (parse.GetValue(reason) is { } text)
        {
            body["reason"] = text;
        }

        return body;
    }

    public static JsonObject Add<T>(this JsonObject body, string field, ParseResult parse, Option<T?> option)
        where T : struct
    {
        if (parse.GetValue(option) is { } value)
        {
            body[field] = JsonValue.Create(value);
        }

        return body;
    }

    public static string ModelPath(string model) => $"v1/models/{Segment(model)}";

    public static string VersionPath(string model, string version) => $"{ModelPath(model)}/versions/{Segment(version)}";

    public static string Segment(string text) => Uri.EscapeDataString(text);
}
