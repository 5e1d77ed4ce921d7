using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// The fields of one JSON object in a management body, with typed getters whose errors name the field's path
/// (<c>mirror.percent</c>, <c>steps[2]</c>), what it was and what is expected. JSON null counts as absent.
/// </summary>
internal sealed partial class JsonFields
{
    private readonly Dictionary<string, JsonElement> _fields;
    private readonly string _path;
    private readonly string _example;

    private JsonFields(Dictionary<string, JsonElement> fields, string path, string example)
    {
        _fields = fields;
        _path = path;
        _example = example;
    }

    /// <summary>No fields (an endpoint whose body is optional got none).</summary>
    public static JsonFields Empty(IReadOnlyList<string> allowed, string example) => new([], "", example);

    /// <summary>Reads <paramref name="element"/> as an object with only <paramref name="allowed"/> fields, each once.</summary>
    public static JsonFields Of(JsonElement element, string path, IReadOnlyList<string> allowed, string example)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path.Length == 0 ? "request body" : $"field '{path}'", $"is {Describe(element)}", "a JSON object", example);
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = Join(path, property.Name);
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Invalid($"field '{name}'", "is not a known field", $"only {string.Join(", ", allowed)}", example);
            }

            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw Invalid($"field '{name}'", "appears twice", "each field once", example);
            }
        }

        return new JsonFields(fields, path, example);
    }

    /// <summary>Whether the field is present and not null.</summary>
    public bool Has(string name) => _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Whether the field is present at all, null included (null can mean "turn off").</summary>
    public bool IsPresent(string name) => _fields.ContainsKey(name);

    /// <summary>The number of fields present (null ones included).</summary>
    public int Count => _fields.Count;

    /// <summary>The raw element of a present, non-null field.</summary>
    public JsonElement? Element(string name) => Has(name) ? _fields[name] : null;

    /// <summary>The path of a field, for messages.</summary>
    public string PathOf(string name) => Join(_path, name);

    /// <summary>A 400 for a field of this object, with the endpoint's example.</summary>
    public InferenceException Fail(string name, string problem, string expected) =>
        Invalid($"field '{PathOf(name)}'", problem, expected, _example);

    /// <summary>A 400 for a missing required field.</summary>
    public InferenceException Missing(string name, string expected) => Fail(name, "is missing", expected);

    /// <summary>A nested object with its own allowed fields.</summary>
    public JsonFields Object(string name, IReadOnlyList<string> allowed) =>
        Has(name) ? Of(_fields[name], PathOf(name), allowed, _example) : throw Missing(name, $"an object with {string.Join(", ", allowed)}");

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    internal static InferenceException Invalid(string what, string problem, string expected, string example) =>
        new(InferenceErrorKind.InvalidInput, $"request body: {what} {problem}; expected {expected}. Example: {example}");

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    private static bool IsVersionName(string text) => ModelNames.IsValid(text);
}
