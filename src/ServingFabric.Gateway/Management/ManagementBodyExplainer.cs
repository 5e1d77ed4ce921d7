using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ServingFabric.Contracts.Traffic;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// Says why the strict, source-generated deserializer refused a body. System.Text.Json's own messages name CLR types
/// and not always the field (a missing required member is reported on its object; a bad value inside a list only by
/// JSON path); this walks the body along the same generated contract metadata and reports the first mistake as the
/// API always has: the field's path, what it was, what is expected. It only runs after a refusal, and decides nothing
/// the deserializer did not: it explains.
/// </summary>
internal static class ManagementBodyExplainer
{
    public static InferenceException Explain<T>(JsonElement body, ManagementBodySchema<T> schema, JsonException refusal) =>
        Visit(body, schema.TypeInfo, "", schema)
        ?? schema.Invalid($"could not be read ({refusal.Message})", "a JSON object such as the example");

    private static InferenceException? Visit<T>(JsonElement element, JsonTypeInfo info, string path, ManagementBodySchema<T> schema) => info.Kind switch
    {
        JsonTypeInfoKind.Object => VisitObject(element, info, path, schema),
        JsonTypeInfoKind.Enumerable => VisitArray(element, info, path, schema),
        _ => VisitValue(element, info, path, schema),
    };

    private static InferenceException? VisitObject<T>(JsonElement element, JsonTypeInfo info, string path, ManagementBodySchema<T> schema)
    {
        var names = info.Properties.Select(p => p.Name).ToList();
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Wrong(element, path, ExpectedOf(schema, path) ?? $"an object with {string.Join(", ", names)}", schema);
        }

        // Unknown and repeated fields first, before any value: the body may be for another endpoint altogether.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = Join(path, property.Name);
            if (!names.Contains(property.Name, StringComparer.Ordinal))
            {
                return schema.Fail(name, "is not a known field", $"only {string.Join(", ", names)}");
            }

            if (!seen.Add(property.Name))
            {
                return schema.Fail(name, "appears twice", "each field once");
            }
        }

        foreach (var property in info.Properties)
        {
            var name = Join(path, property.Name);

            // JSON null counts as absent: for a required field that is "missing", for an optional one "not set".
            if (!element.TryGetProperty(property.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (property.IsRequired)
                {
                    return schema.Missing(name, ExpectedOf(schema, name) ?? Generic(property.PropertyType));
                }

                continue;
            }

            if (Visit(value, ShapeOf(property.PropertyType, info.Options), name, schema) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static InferenceException? VisitArray<T>(JsonElement element, JsonTypeInfo info, string path, ManagementBodySchema<T> schema)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return Wrong(element, path, ExpectedOf(schema, path) ?? "an array", schema);
        }

        var items = info.Options.GetTypeInfo(info.ElementType!);
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (Visit(item, items, $"{path}[{index++}]", schema) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>A number, string, boolean or enum: the contract's own converter decides whether it fits.</summary>
    private static InferenceException? VisitValue<T>(JsonElement element, JsonTypeInfo info, string path, ManagementBodySchema<T> schema)
    {
        try
        {
            if (element.ValueKind != JsonValueKind.Null && element.Deserialize(info) is not null)
            {
                return null;
            }
        }
        catch (JsonException)
        {
            // Described below.
        }

        var expected = ExpectedOf(schema, path) ?? Generic(info.Type);

        // A string for an enum had the right type and the wrong value: say the value, not its type.
        return IsEnum(info.Type) && element.ValueKind == JsonValueKind.String
            ? schema.Fail(path, $"is {BodyMessages.Quote(element.GetString()!)}", expected)
            : Wrong(element, path, expected, schema);
    }

    private static InferenceException Wrong<T>(JsonElement element, string path, string expected, ManagementBodySchema<T> schema) =>
        path.Length == 0
            ? schema.Invalid($"is {BodyMessages.Describe(element)}", expected)
            : schema.Fail(path, $"is {BodyMessages.Describe(element)}", expected);

    /// <summary>
    /// The metadata to walk a property's value with. A mirror change has its own converter (null means "stop", which a
    /// nullable property could not tell from "absent"), but its value is a plain traffic weight.
    /// </summary>
    private static JsonTypeInfo ShapeOf(Type type, JsonSerializerOptions options) =>
        options.GetTypeInfo(type == typeof(MirrorChange) ? typeof(TrafficWeight) : type);

    private static string? ExpectedOf<T>(ManagementBodySchema<T> schema, string path) =>
        schema.ExpectedOf(string.Concat(path.Split('[').Select((part, i) => i == 0 ? part : part[(part.IndexOf(']', StringComparison.Ordinal) + 1)..])));

    private static string Generic(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain == typeof(string) ? "a string"
            : plain == typeof(bool) ? "true or false"
            : plain == typeof(int) || plain == typeof(long) ? "a whole number"
            : plain == typeof(double) ? "a number"
            : IsEnum(plain) ? "one of " + string.Join(", ", Enum.GetNames(plain).Select(n => $"\"{JsonNamingPolicy.SnakeCaseLower.ConvertName(n)}\""))
            : "a JSON value of the example's shape";
    }

    private static bool IsEnum(Type type) => (Nullable.GetUnderlyingType(type) ?? type).IsEnum;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
