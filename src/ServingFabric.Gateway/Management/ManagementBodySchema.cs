using System.Text.Json.Serialization.Metadata;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// One endpoint's body: its source-generated contract, a correct example shown in every 400, and what each field
/// expects (by path without indices, such as <c>weights.percent</c>), used both when the JSON does not fit the contract
/// and when a value read is out of range. The checks here turn a value into the 400 that names its field.
/// </summary>
/// <typeparam name="T">The request contract.</typeparam>
internal sealed class ManagementBodySchema<T>(JsonTypeInfo<T> typeInfo, string example, IReadOnlyDictionary<string, string>? expected = null)
{
    private readonly IReadOnlyDictionary<string, string> _expected = expected ?? new Dictionary<string, string>();

    public JsonTypeInfo<T> TypeInfo => typeInfo;

    public string Example => example;

    /// <summary>What a field expects; null when the endpoint says nothing more than its type.</summary>
    public string? ExpectedOf(string pathWithoutIndices) =>
        _expected.TryGetValue(pathWithoutIndices, out var text) ? text
        : pathWithoutIndices == "reason" ? BodyMessages.ReasonExpected
        : null;

    /// <summary>A 400 for the body as a whole.</summary>
    public InferenceException Invalid(string problem, string expected) => BodyMessages.Invalid("request body", problem, expected, example);

    /// <summary>A 400 for one field.</summary>
    public InferenceException Fail(string path, string problem, string expected) => BodyMessages.Invalid($"field '{path}'", problem, expected, example);

    /// <summary>A 400 for a missing field.</summary>
    public InferenceException Missing(string path, string expected) => Fail(path, "is missing", expected);

    /// <summary>A version name, or a 400 when it could never name a version (it is used in paths and grain keys).</summary>
    public string? Version(string path, string? value) =>
        value is null || ModelNames.IsValid(value) ? value : throw Fail(path, $"is {BodyMessages.Quote(value)}", BodyMessages.VersionExpected);

    /// <summary>A non-empty string, or a 400.</summary>
    public string NonEmpty(string path, string value, string expected) => value.Length > 0 ? value : throw Fail(path, "is empty", expected);

    /// <summary>A number in range, or a 400 naming the field; null stays null (absent).</summary>
    public double? Number(string path, double? value, Func<double, bool> valid, string expected) =>
        value is not { } number || valid(number) ? value : throw Fail(path, $"is {BodyMessages.Describe(number)}", expected);

    /// <summary>A number in range, or a 400 naming the field with what the endpoint says it expects; null stays null (absent).</summary>
    public double? Number(string path, double? value, Func<double, bool> valid) =>
        Number(path, value, valid, ExpectedOf(path) ?? "a number in range");

    /// <summary>A whole number in range, or a 400 naming the field with what the endpoint says it expects; null stays null (absent).</summary>
    public long? Integer(string path, long? value, Func<long, bool> valid) =>
        Integer(path, value, valid, ExpectedOf(path) ?? "a whole number in range");

    /// <summary>A whole number in range, or a 400 naming the field; null stays null (absent).</summary>
    public long? Integer(string path, long? value, Func<long, bool> valid, string expected) =>
        value is not { } number || valid(number) ? value : throw Fail(path, $"is {number}", expected);

    /// <summary>The free-text reason recorded in the change's event, at most <see cref="BodyMessages.MaxReasonLength"/> characters.</summary>
    public string? Reason(string? reason) =>
        reason is null || reason.Length <= BodyMessages.MaxReasonLength
            ? reason
            : throw Fail("reason", $"has {reason.Length} characters", $"at most {BodyMessages.MaxReasonLength}");
}
