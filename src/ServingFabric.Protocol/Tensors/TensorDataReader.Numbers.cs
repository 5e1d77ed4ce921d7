using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
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
    private T ReadFloatingPoint<T>(JsonElement value)
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.ValueEquals(NaNText) ? T.NaN
                : value.ValueEquals(InfinityText) ? T.PositiveInfinity
                : value.ValueEquals(NegativeInfinityText) ? T.NegativeInfinity
                : throw WrongKind(value, $"a number (or \"{NaNText}\", \"{InfinityText}\", \"{NegativeInfinityText}\")");
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw WrongKind(value, "a number");
        }

        var parsed = T.Parse(JsonMarshal.GetRawUtf8Value(value), NumberStyles.Float, CultureInfo.InvariantCulture);

        // .NET parses overflow to infinity; a finite JSON number that does not fit is the caller's mistake.
        return T.IsInfinity(parsed)
            ? throw ProtocolErrors.Invalid($"{_label} ({_type.ToWireName()}): element {_index} of \"data\" is {value.GetRawText()}, which is outside the {_type.ToWireName()} range.")
            : parsed;
    }

    private ushort ReadBFloat16(JsonElement value)
    {
        var single = ReadFloatingPoint<float>(value);
        var bits = BFloat16.FromSingle(single);
        return float.IsFinite(single) && float.IsInfinity(BFloat16.ToSingle(bits))
            ? throw ProtocolErrors.Invalid($"{_label} (BF16): element {_index} of \"data\" is {value.GetRawText()}, which is outside the BF16 range.")
            : bits;
    }

    private InferenceException OutOfRange<TBound>(JsonElement value, TBound min, TBound max)
        where TBound : IFormattable =>
        value.ValueKind == JsonValueKind.Number
            ? ProtocolErrors.Invalid(
                $"{_label} ({_type.ToWireName()}): element {_index} of \"data\" is {value.GetRawText()}, expected an integer in [{min.ToString(null, CultureInfo.InvariantCulture)}, {max.ToString(null, CultureInfo.InvariantCulture)}].")
            : WrongKind(value, "an integer");

    private InferenceException WrongKind(JsonElement value, string expected) =>
        ProtocolErrors.Invalid(
            $"{_label} ({_type.ToWireName()}): element {_index} of \"data\" is {WireJson.Describe(value)}, expected {expected}.");
}
