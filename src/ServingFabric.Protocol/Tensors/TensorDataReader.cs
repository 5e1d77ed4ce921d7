using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>
/// Turns the JSON "data" of a tensor (flat, or nested to match the shape) into the little-endian row-major bytes
/// of <see cref="Tensor.Data"/>. The structure is checked before anything is allocated, so a tiny body cannot make
/// the server allocate for a huge declared shape.
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

    /// <param name="label">How messages name the tensor, for example <c>input 'x'</c>.</param>
    public static byte[] Read(JsonElement data, string label, TensorDataType type, long[] shape)
    {
        var reader = new TensorDataReader(label, type, shape);
        var elementCount = WireShape.ElementCount(shape, label);
        var nested = reader.CheckStructure(data, elementCount);
        reader.Allocate(elementCount);
        if (data.ValueKind != JsonValueKind.Array)
        {
            reader.ReadValue(data);
        }
        else if (nested)
        {
            reader.ReadNested(data, 0);
        }
        else
        {
            reader.ReadLeaves(data);
        }

        return reader._variable is { } variable ? variable.WrittenSpan.ToArray() : reader._fixed;
    }

    /// <summary>Checks the array structure against the shape; returns whether the data is nested.</summary>
    private bool CheckStructure(JsonElement data, long elementCount)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            // A bare value is accepted for a scalar, which some clients send for shape [].
            return _shape.Length == 0
                ? false
                : throw ProtocolErrors.Invalid($"{_label}: \"data\" must be a JSON array, not {WireJson.Describe(data)}.");
        }

        var length = data.GetArrayLength();
        var nested = _shape.Length > 1 && length > 0 && data[0].ValueKind == JsonValueKind.Array;
        if (!nested)
        {
            if (length != elementCount)
            {
                throw ProtocolErrors.Invalid(
                    $"{_label}: \"data\" has {length} elements but shape [{TensorShape.Format(_shape)}] needs {elementCount}.");
            }

            return false;
        }

        CheckNested(data, 0, []);
        return true;
    }

    private void CheckNested(JsonElement array, int depth, List<int> path)
    {
        var length = array.GetArrayLength();
        if (length != _shape[depth])
        {
            throw ProtocolErrors.Invalid(
                $"{_label}: nested \"data\"{FormatPath(path)} has {length} elements but dimension {depth} of shape [{TensorShape.Format(_shape)}] is {_shape[depth]}.");
        }

        if (depth == _shape.Length - 1)
        {
            return;
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array)
            {
                path.Add(i);
                throw ProtocolErrors.Invalid(
                    $"{_label}: nested \"data\"{FormatPath(path)} is {WireJson.Describe(item)}, but shape [{TensorShape.Format(_shape)}] needs an array of {_shape[depth + 1]} there.");
            }

            path.Add(i);
            CheckNested(item, depth + 1, path);
            path.RemoveAt(path.Count - 1);
            i++;
        }
    }

    private static string FormatPath(List<int> path) =>
        path.Count == 0 ? string.Empty : string.Concat(path.Select(i => $"[{i}]"));

    private void Allocate(long elementCount)
    {
        if (_type == TensorDataType.Bytes)
        {
            _variable = new ArrayBufferWriter<byte>();
            return;
        }

        _fixed = new byte[WireShape.ByteSize(_type, elementCount, _label)];
    }

    private void ReadNested(JsonElement array, int depth)
    {
        if (depth == _shape.Length - 1)
        {
            ReadLeaves(array);
            return;
        }

        foreach (var item in array.EnumerateArray())
        {
            ReadNested(item, depth + 1);
        }
    }

    private void ReadLeaves(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            ReadValue(item);
        }
    }

    private void ReadValue(JsonElement value)
    {
        var destination = _type == TensorDataType.Bytes
            ? Span<byte>.Empty
            : _fixed.AsSpan(checked((int)(_index * _elementSize)), _elementSize);
        switch (_type)
        {
            case TensorDataType.Bool:
                destination[0] = value.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => throw WrongKind(value, "true or false"),
                };
                break;
            case TensorDataType.UInt8:
                destination[0] = value.ValueKind == JsonValueKind.Number && value.TryGetByte(out var u8) ? u8 : throw OutOfRange(value, byte.MinValue, byte.MaxValue);
                break;
            case TensorDataType.Int8:
                destination[0] = value.ValueKind == JsonValueKind.Number && value.TryGetSByte(out var i8) ? (byte)i8 : throw OutOfRange(value, sbyte.MinValue, sbyte.MaxValue);
                break;
            case TensorDataType.UInt16:
                BinaryPrimitives.WriteUInt16LittleEndian(destination, value.ValueKind == JsonValueKind.Number && value.TryGetUInt16(out var u16) ? u16 : throw OutOfRange(value, ushort.MinValue, ushort.MaxValue));
                break;
            case TensorDataType.Int16:
                BinaryPrimitives.WriteInt16LittleEndian(destination, value.ValueKind == JsonValueKind.Number && value.TryGetInt16(out var i16) ? i16 : throw OutOfRange(value, short.MinValue, short.MaxValue));
                break;
            case TensorDataType.UInt32:
                BinaryPrimitives.WriteUInt32LittleEndian(destination, value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var u32) ? u32 : throw OutOfRange(value, uint.MinValue, uint.MaxValue));
                break;
            case TensorDataType.Int32:
                BinaryPrimitives.WriteInt32LittleEndian(destination, value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i32) ? i32 : throw OutOfRange(value, int.MinValue, int.MaxValue));
                break;
            case TensorDataType.UInt64:
                BinaryPrimitives.WriteUInt64LittleEndian(destination, value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var u64) ? u64 : throw OutOfRange(value, ulong.MinValue, ulong.MaxValue));
                break;
            case TensorDataType.Int64:
                BinaryPrimitives.WriteInt64LittleEndian(destination, value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var i64) ? i64 : throw OutOfRange(value, long.MinValue, long.MaxValue));
                break;
            case TensorDataType.Fp16:
                BinaryPrimitives.WriteHalfLittleEndian(destination, ReadFloatingPoint<Half>(value));
                break;
            case TensorDataType.Bf16:
                BinaryPrimitives.WriteUInt16LittleEndian(destination, ReadBFloat16(value));
                break;
            case TensorDataType.Fp32:
                BinaryPrimitives.WriteSingleLittleEndian(destination, ReadFloatingPoint<float>(value));
                break;
            case TensorDataType.Fp64:
                BinaryPrimitives.WriteDoubleLittleEndian(destination, ReadFloatingPoint<double>(value));
                break;
            case TensorDataType.Bytes:
                ReadString(value);
                break;
            default:
                throw new InvalidOperationException($"Datatype {_type} has no JSON reader.");
        }

        _index++;
    }

    private void ReadString(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongKind(value, "a string");
        }

        var text = value.GetString()!;
        var length = Encoding.UTF8.GetByteCount(text);
        var span = _variable!.GetSpan(BytesElements.LengthPrefixSize + length);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        Encoding.UTF8.GetBytes(text, span[BytesElements.LengthPrefixSize..]);
        _variable.Advance(BytesElements.LengthPrefixSize + length);
    }
}
