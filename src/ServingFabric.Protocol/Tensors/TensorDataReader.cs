using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>
/// Turns the JSON text of a tensor's "data" (flat, or nested to match the shape) into the little-endian row-major
/// bytes of <see cref="Tensor.Data"/>, reading it forward once with <see cref="Utf8JsonReader"/> straight into an array
/// sized from the declared shape. Before that array is allocated, <see cref="DecodedBytesBound"/> refuses a shape the
/// text cannot possibly fill (every element takes at least one byte), so a tiny body cannot make the server allocate
/// for a huge declared shape, and what is allocated is at most the element size times the text's length.
/// </summary>
internal sealed partial class TensorDataReader
{
    private readonly string _label;
    private readonly TensorDataType _type;
    private readonly long[] _shape;
    private readonly int _elementSize;
    private byte[] _fixed = [];
    private ArrayBufferWriter<byte>? _variable;
    private long _index;

    private TensorDataReader(string label, TensorDataType type, long[] shape)
    {
        _label = label;
        _type = type;
        _shape = shape;
        _elementSize = type.ElementSize();
    }

    /// <summary>
    /// The most bytes decoding <paramref name="json"/> can take, refusing a shape it cannot fill; nothing is allocated.
    /// </summary>
    public static long DecodedBytesBound(ReadOnlySpan<byte> json, string label, TensorDataType type, long[] shape)
    {
        var elementCount = WireShape.ElementCount(shape, label);
        if (elementCount > json.Length)
        {
            throw ProtocolErrors.Invalid(
                $"{label}: \"data\" is {json.Length} bytes of JSON, too short for the {elementCount} elements shape [{TensorShape.Format(shape)}] needs.");
        }

        // A BYTES element is at most as long as its JSON text (escapes only shrink), plus its 4-byte length.
        return type == TensorDataType.Bytes
            ? json.Length + (BytesElements.LengthPrefixSize * elementCount)
            : WireShape.ByteSize(type, elementCount, label);
    }

    /// <param name="json">The JSON text of the "data" value, already checked to be valid JSON and valid Unicode.</param>
    /// <param name="label">How messages name the tensor, for example <c>input 'x'</c>.</param>
    public static byte[] Read(ReadOnlySpan<byte> json, string label, TensorDataType type, long[] shape)
    {
        var bound = DecodedBytesBound(json, label, type, shape);
        var elementCount = WireShape.ElementCount(shape, label);
        var reader = new TensorDataReader(label, type, shape);
        reader.Allocate(elementCount, bound);

        var jsonReader = new Utf8JsonReader(json);
        jsonReader.Read();
        if (jsonReader.TokenType != JsonTokenType.StartArray)
        {
            // A bare value is accepted for a scalar, which some clients send for shape [].
            if (shape.Length != 0)
            {
                throw ProtocolErrors.Invalid($"{label}: \"data\" must be a JSON array, not {WireJson.Describe(ref jsonReader)}.");
            }

            reader.ReadValue(ref jsonReader);
        }
        else if (shape.Length > 1 && FirstItemIsArray(jsonReader))
        {
            reader.ReadNested(ref jsonReader, 0, []);
        }
        else
        {
            reader.ReadFlat(ref jsonReader, elementCount);
        }

        return reader._variable is { } variable ? variable.WrittenSpan.ToArray() : reader._fixed;
    }

    private static bool FirstItemIsArray(Utf8JsonReader peek) => peek.Read() && peek.TokenType == JsonTokenType.StartArray;

    private void Allocate(long elementCount, long bound)
    {
        if (_type == TensorDataType.Bytes)
        {
            _variable = new ArrayBufferWriter<byte>((int)Math.Clamp(bound, 1, Array.MaxLength));
            return;
        }

        _fixed = new byte[WireShape.ByteSize(_type, elementCount, _label)];
    }

    private void ReadFlat(ref Utf8JsonReader reader, long elementCount)
    {
        long length = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (length == elementCount)
            {
                length = CountRest(ref reader, length);
                break;
            }

            ReadValue(ref reader);
            length++;
        }

        if (length != elementCount)
        {
            throw ProtocolErrors.Invalid(
                $"{_label}: \"data\" has {length} elements but shape [{TensorShape.Format(_shape)}] needs {elementCount}.");
        }
    }

    private void ReadNested(ref Utf8JsonReader reader, int depth, List<long> path)
    {
        var last = depth == _shape.Length - 1;
        long length = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (length == _shape[depth])
            {
                length = CountRest(ref reader, length);
                break;
            }

            if (last)
            {
                ReadValue(ref reader);
            }
            else if (reader.TokenType != JsonTokenType.StartArray)
            {
                path.Add(length);
                throw ProtocolErrors.Invalid(
                    $"{_label}: nested \"data\"{FormatPath(path)} is {WireJson.Describe(ref reader)}, but shape [{TensorShape.Format(_shape)}] needs an array of {_shape[depth + 1]} there.");
            }
            else
            {
                path.Add(length);
                ReadNested(ref reader, depth + 1, path);
                path.RemoveAt(path.Count - 1);
            }

            length++;
        }

        if (length != _shape[depth])
        {
            throw ProtocolErrors.Invalid(
                $"{_label}: nested \"data\"{FormatPath(path)} has {length} elements but dimension {depth} of shape [{TensorShape.Format(_shape)}] is {_shape[depth]}.");
        }
    }

    // The reader is on the first item past what the shape allows: counts it and the rest, for the message.
    private static long CountRest(ref Utf8JsonReader reader, long length)
    {
        do
        {
            reader.Skip();
            length++;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
        return length;
    }

    private static string FormatPath(List<long> path) =>
        path.Count == 0 ? string.Empty : string.Concat(path.Select(i => $"[{i}]"));

    private void ReadValue(ref Utf8JsonReader value)
    {
        var destination = _type == TensorDataType.Bytes
            ? Span<byte>.Empty
            : _fixed.AsSpan(checked((int)(_index * _elementSize)), _elementSize);
        var isNumber = value.TokenType == JsonTokenType.Number;
        switch (_type)
        {
            case TensorDataType.Bool:
                destination[0] = value.TokenType switch
                {
                    JsonTokenType.True => 1,
                    JsonTokenType.False => 0,
                    _ => throw WrongKind(ref value, "true or false"),
                };
                break;
            case TensorDataType.UInt8:
                destination[0] = isNumber && value.TryGetByte(out var u8) ? u8 : throw OutOfRange(ref value, byte.MinValue, byte.MaxValue);
                break;
            case TensorDataType.Int8:
                destination[0] = isNumber && value.TryGetSByte(out var i8) ? (byte)i8 : throw OutOfRange(ref value, sbyte.MinValue, sbyte.MaxValue);
                break;
            case TensorDataType.UInt16:
                BinaryPrimitives.WriteUInt16LittleEndian(destination, isNumber && value.TryGetUInt16(out var u16) ? u16 : throw OutOfRange(ref value, ushort.MinValue, ushort.MaxValue));
                break;
            case TensorDataType.Int16:
                BinaryPrimitives.WriteInt16LittleEndian(destination, isNumber && value.TryGetInt16(out var i16) ? i16 : throw OutOfRange(ref value, short.MinValue, short.MaxValue));
                break;
            case TensorDataType.UInt32:
                BinaryPrimitives.WriteUInt32LittleEndian(destination, isNumber && value.TryGetUInt32(out var u32) ? u32 : throw OutOfRange(ref value, uint.MinValue, uint.MaxValue));
                break;
            case TensorDataType.Int32:
                BinaryPrimitives.WriteInt32LittleEndian(destination, isNumber && value.TryGetInt32(out var i32) ? i32 : throw OutOfRange(ref value, int.MinValue, int.MaxValue));
                break;
            case TensorDataType.UInt64:
                BinaryPrimitives.WriteUInt64LittleEndian(destination, isNumber && value.TryGetUInt64(out var u64) ? u64 : throw OutOfRange(ref value, ulong.MinValue, ulong.MaxValue));
                break;
            case TensorDataType.Int64:
                BinaryPrimitives.WriteInt64LittleEndian(destination, isNumber && value.TryGetInt64(out var i64) ? i64 : throw OutOfRange(ref value, long.MinValue, long.MaxValue));
                break;
            case TensorDataType.Fp16:
                BinaryPrimitives.WriteHalfLittleEndian(destination, ReadFloatingPoint<Half>(ref value));
                break;
            case TensorDataType.Bf16:
                BinaryPrimitives.WriteUInt16LittleEndian(destination, ReadBFloat16(ref value));
                break;
            case TensorDataType.Fp32:
                BinaryPrimitives.WriteSingleLittleEndian(destination, ReadFloatingPoint<float>(ref value));
                break;
            case TensorDataType.Fp64:
                BinaryPrimitives.WriteDoubleLittleEndian(destination, ReadFloatingPoint<double>(ref value));
                break;
            case TensorDataType.Bytes:
                ReadString(ref value);
                break;
            default:
                throw new InvalidOperationException($"Datatype {_type} has no JSON reader.");
        }

        _index++;
    }

    private void ReadString(ref Utf8JsonReader value)
    {
        if (value.TokenType != JsonTokenType.String)
        {
            throw WrongKind(ref value, "a string");
        }

        // Unescaping never lengthens the text, so the raw length is room enough; the text was checked to be valid UTF-8.
        var span = _variable!.GetSpan(BytesElements.LengthPrefixSize + value.ValueSpan.Length);
        var length = value.CopyString(span[BytesElements.LengthPrefixSize..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        _variable.Advance(BytesElements.LengthPrefixSize + length);
    }
}
