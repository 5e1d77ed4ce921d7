using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

internal sealed partial class TensorDataReader
{
    // JSON has no literal for them, so NaN and infinities travel as these strings (as NumPy and Python clients send).
    private const string NaNText = "NaN";
    private const string InfinityText = "Infinity";
    private const string NegativeInfinityText = "-Infinity";

    /// <summary>
    /// Parses straight from the UTF-8 text into the target type, so the shortest round-trip text of a value gives
    /// back exactly that value (no double rounding through double).
    /// </summary>
    private T ReadFloatingPoint<T>(ref Utf8JsonReader value)
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (value.TokenType == JsonTokenType.String)
        {
            return value.ValueTextEquals(NaNText) ? T.NaN
                : value.ValueTextEquals(InfinityText) ? T.PositiveInfinity
                : value.ValueTextEquals(NegativeInfinityText) ? T.NegativeInfinity
                : throw WrongKind(ref value, $"a number (or \"{NaNText}\", \"{InfinityText}\", \"{NegativeInfinityText}\")");
        }

        if (value.TokenType != JsonTokenType.Number)
        {
            throw WrongKind(ref value, "a number");
        }

        var parsed = T.Parse(value.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);

        // .NET parses overflow to infinity; a finite JSON number that does not fit is the caller's mistake.
        return T.IsInfinity(parsed)
            ? throw ProtocolErrors.Invalid($"{_label} ({_type.ToWireName()}): element {_index} of \"data\" is {Raw(ref value)}, which is outside the {_type.ToWireName()} range.")
            : parsed;
    }

    private ushort ReadBFloat16(ref Utf8JsonReader value)
    {
        var single = ReadFloatingPoint<float>(ref value);
        var bits = BFloat16.FromSingle(single);
        return float.IsFinite(single) && float.IsInfinity(BFloat16.ToSingle(bits))
            ? throw ProtocolErrors.Invalid($"{_label} (BF16): element {_index} of \"data\" is {Raw(ref value)}, which is outside the BF16 range.")
            : bits;
    }

    private InferenceException OutOfRange<TBound>(ref Utf8JsonReader value, TBound min, TBound max)
        where TBound : IFormattable =>
        value.TokenType == JsonTokenType.Number
            ? ProtocolErrors.Invalid(
                $"{_label} ({_type.ToWireName()}): element {_index} of \"data\" is {Raw(ref value)}, expected an integer in [{min.ToString(null, CultureInfo.InvariantCulture)}, {max.ToString(null, CultureInfo.InvariantCulture)}].")
            : WrongKind(ref value, "an integer");

    private InferenceException WrongKind(ref Utf8JsonReader value, string expected) =>
        ProtocolErrors.Invalid(
            $"{_label} ({_type.ToWireName()}): element {_index} of \"data\" is {WireJson.Describe(ref value)}, expected {expected}.");

    private static string Raw(ref Utf8JsonReader value)
    {
        var text = Encoding.UTF8.GetString(value.ValueSpan);
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
    }
}
