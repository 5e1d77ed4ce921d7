using System.CommandLine;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>Builds the JSON bodies of changes from parsed options: only options given become fields.</summary>
internal static class RequestBodies
{
    public static ChangeCommand Change(Uri url, ChangeOperation operation, string model, string? version, JsonObject body)
    {
        var (method, path, view) = operation switch
        {
            ChangeOperation.UpdateModel => (HttpMethod.Put, ModelPath(model), AnswerView.Model),
            ChangeOperation.RegisterVersion => (HttpMethod.Post, $"{ModelPath(model)}/versions", AnswerView.Version),
            ChangeOperation.SetDefaultVersion => (HttpMethod.Post, $"{VersionPath(model, version!)}/default", AnswerView.Versions),
            ChangeOperation.RetireVersion => (HttpMethod.Post, $"{VersionPath(model, version!)}/retire", AnswerView.Versions),
            ChangeOperation.Rollback => (HttpMethod.Post, $"{ModelPath(model)}/rollback", AnswerView.Rollback),
            ChangeOperation.SetFault => (HttpMethod.Put, $"{VersionPath(model, version!)}/fault", AnswerView.Model),
            ChangeOperation.ClearFault => (HttpMethod.Delete, $"{VersionPath(model, version!)}/fault", AnswerView.Model),
            ChangeOperation.StartCanary => (HttpMethod.Post, $"{ModelPath(model)}/canary", AnswerView.Release),
            ChangeOperation.StartAbTest => (HttpMethod.Post, $"{ModelPath(model)}/experiments", AnswerView.Release),
            ChangeOperation.UpdateScaling => (HttpMethod.Put, $"{ModelPath(model)}/scaling", AnswerView.Scaling),
            _ => (HttpMethod.Post, $"{ModelPath(model)}/{operation.ToString().ToLowerInvariant()}", AnswerView.Release),
        };
        return new(url, method, path, body.Count == 0 ? null : body, view) { Operation = operation, Model = model, Version = version };
    }

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
