using System.Globalization;
using System.Text.Json;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// The words of a management body's 400: what (the body or a field's path), what it was, what is expected, and an
/// example of a correct body, so a caller fixes the request from the message alone.
/// </summary>
internal static class BodyMessages
{
    /// <summary>Longest reason kept; longer ones are refused rather than cut, so nothing said is lost silently.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>What a version name field expects.</summary>
    public const string VersionExpected = "a version name such as \"2\" (letters, digits, '_', '-' or '.', not starting with '.')";

    /// <summary>What a reason field expects.</summary>
    public const string ReasonExpected = "a string saying why, recorded in the event log";

    public static InferenceException Invalid(string what, string problem, string expected, string example) =>
        new(InferenceErrorKind.InvalidInput, $"request body: {what} {problem}; expected {expected}. Example: {example}");

    /// <summary>A JSON value as the message shows it: strings quoted and shortened, numbers as sent.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {Quote(element.GetString()!)}",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    /// <summary>A number read from the body, as it was sent (101, -5, 1.5).</summary>
    public static string Describe(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Quote(string text) => $"\"{(text.Length <= 80 ? text : text[..80] + "...")}\"";
}
