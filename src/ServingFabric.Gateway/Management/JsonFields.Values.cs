using System.Text.Json;

namespace ServingFabric.Gateway.Management;

internal sealed partial class JsonFields
{
    /// <summary>Longest reason kept; longer ones are refused rather than cut, so nothing said is lost silently.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>A string field; null when absent.</summary>
    public string? String(string name, string expected)
    {
        if (!Has(name))
        {
            return null;
        }

        var element = _fields[name];
        return element.ValueKind == JsonValueKind.String ? element.GetString() : throw Fail(name, $"is {Describe(element)}", expected);
    }

    /// <summary>A required non-empty string field.</summary>
    public string RequiredString(string name, string expected)
    {
        var value = String(name, expected) ?? throw Missing(name, expected);
        return value.Length > 0 ? value : throw Fail(name, "is empty", expected);
    }

    /// <summary>A version name field (letters, digits, '_', '-', '.'); null when absent.</summary>
    public string? Version(string name)
    {
        const string Expected = "a version name such as \"2\" (letters, digits, '_', '-' or '.', not starting with '.')";
        var value = String(name, Expected);
        return value is null || IsVersionName(value) ? value : throw Fail(name, $"is \"{Shorten(value)}\"", Expected);
    }

    /// <summary>A required version name field.</summary>
    public string RequiredVersion(string name) =>
        Version(name) ?? throw Missing(name, "a version name such as \"2\"");

    /// <summary>The optional free-text reason recorded in the change's event (at most 500 characters).</summary>
    public string? Reason()
    {
        var reason = String("reason", "a string saying why, recorded in the event log");
        return reason is null || reason.Length <= MaxReasonLength
            ? reason
            : throw Fail("reason", $"has {reason.Length} characters", $"at most {MaxReasonLength}");
    }

    /// <summary>A boolean field; null when absent.</summary>
    public bool? Bool(string name) => !Has(name) ? null : _fields[name].ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail(name, $"is {Describe(_fields[name])}", "true or false"),
    };

    /// <summary>A finite number field that satisfies <paramref name="valid"/>; null when absent.</summary>
    public double? Number(string name, Func<double, bool> valid, string expected)
    {
        if (!Has(name))
        {
            return null;
        }

        return NumberOf(_fields[name], PathOf(name), valid, expected, _example);
    }

    /// <summary>An integer field that satisfies <paramref name="valid"/>; null when absent.</summary>
    public long? Integer(string name, Func<long, bool> valid, string expected)
    {
        if (!Has(name))
        {
            return null;
        }

        var element = _fields[name];
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && valid(value)
            ? value
            : throw Fail(name, $"is {Describe(element)}", expected);
    }

    /// <summary>An array field of finite numbers, each satisfying <paramref name="valid"/>; null when absent.</summary>
    public IReadOnlyList<double>? Numbers(string name, Func<double, bool> valid, string expected)
    {
        if (!Has(name))
        {
            return null;
        }

        var element = _fields[name];
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Fail(name, $"is {Describe(element)}", expected);
        }

        var values = new List<double>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            values.Add(NumberOf(item, $"{PathOf(name)}[{index++}]", valid, expected, _example));
        }

        return values;
    }

    /// <summary>An array field of objects, each read with <paramref name="allowed"/> fields; null when absent.</summary>
    public IReadOnlyList<JsonFields>? Objects(string name, IReadOnlyList<string> allowed, string expected)
    {
        if (!Has(name))
        {
            return null;
        }

        var element = _fields[name];
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Fail(name, $"is {Describe(element)}", expected);
        }

        var index = 0;
        return element.EnumerateArray().Select(item => Of(item, $"{PathOf(name)}[{index++}]", allowed, _example)).ToList();
    }

    private static double NumberOf(JsonElement element, string path, Func<double, bool> valid, string expected, string example) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value) && valid(value)
            ? value
            : throw Invalid($"field '{path}'", $"is {Describe(element)}", expected, example);
}
