using System.Buffers.Binary;
using Google.Protobuf;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Grpc;

/// <summary>
/// Typed <see cref="InferTensorContents"/> to and from a tensor's little-endian bytes. Each datatype has one field
/// (BOOL bool_contents; INT8/16/32 int_contents; INT64 int64_contents; UINT8/16/32 uint_contents; UINT64
/// uint64_contents; FP32 fp32_contents; FP64 fp64_contents; BYTES bytes_contents); FP16 and BF16 have none and travel
/// as raw contents only, as in Triton.
/// </summary>
internal static class GrpcTensorContents
{
    /// <summary>The contents field that holds <paramref name="type"/>, or null for FP16/BF16.</summary>
    public static string? FieldOf(TensorDataType type) => type switch
    {
        TensorDataType.Bool => "bool_contents",
        TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32 => "int_contents",
        TensorDataType.Int64 => "int64_contents",
        TensorDataType.UInt8 or TensorDataType.UInt16 or TensorDataType.UInt32 => "uint_contents",
        TensorDataType.UInt64 => "uint64_contents",
        TensorDataType.Fp32 => "fp32_contents",
        TensorDataType.Fp64 => "fp64_contents",
        TensorDataType.Bytes => "bytes_contents",
        _ => null,
    };

    /// <summary>
    /// Checks that only <paramref name="type"/>'s field is set and holds <paramref name="count"/> values, and returns
    /// the bytes the tensor will take; nothing is copied yet.
    /// </summary>
    public static long Measure(InferTensorContents contents, TensorDataType type, long count, string label)
    {
        var field = FieldOf(type) ?? throw ProtocolErrors.Invalid(
            $"{label} is {type.ToWireName()}, which has no typed contents field; send its values as raw_input_contents (little-endian bytes), as Triton does.");
        foreach (var (name, length) in Lengths(contents))
        {
            if (name != field && length > 0)
            {
                throw ProtocolErrors.Invalid($"{label} is {type.ToWireName()} but contents.{name} is set; put its {count} values in contents.{field}.");
            }
        }

        var given = Lengths(contents).First(l => l.Field == field).Length;
        if (given != count)
        {
            throw ProtocolErrors.Invalid($"{label}: contents.{field} has {given} values but its shape needs {count}.");
        }

        return type == TensorDataType.Bytes
            ? contents.BytesContents.Sum(b => (long)b.Length + BytesElements.LengthPrefixSize)
            : count * type.ElementSize();
    }

    /// <summary>The tensor's bytes from contents that <see cref="Measure"/> accepted.</summary>
    public static byte[] Read(InferTensorContents contents, TensorDataType type, long byteCount, string label)
    {
        var data = GC.AllocateUninitializedArray<byte>(checked((int)byteCount));
        var span = data.AsSpan();
        switch (type)
        {
            case TensorDataType.Bool:
                for (var i = 0; i < contents.BoolContents.Count; i++)
                {
                    span[i] = contents.BoolContents[i] ? (byte)1 : (byte)0;
                }

                break;
            case TensorDataType.Int8:
            case TensorDataType.Int16:
            case TensorDataType.Int32:
                ReadInts(contents, type, span, label);
                break;
            case TensorDataType.UInt8:
            case TensorDataType.UInt16:
            case TensorDataType.UInt32:
                ReadUInts(contents, type, span, label);
                break;
            case TensorDataType.Int64:
                for (var i = 0; i < contents.Int64Contents.Count; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(span[(i * 8)..], contents.Int64Contents[i]);
                }

                break;
            case TensorDataType.UInt64:
                for (var i = 0; i < contents.Uint64Contents.Count; i++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(span[(i * 8)..], contents.Uint64Contents[i]);
                }

                break;
            case TensorDataType.Fp32:
                for (var i = 0; i < contents.Fp32Contents.Count; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(span[(i * 4)..], contents.Fp32Contents[i]);
                }

                break;
            case TensorDataType.Fp64:
                for (var i = 0; i < contents.Fp64Contents.Count; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(span[(i * 8)..], contents.Fp64Contents[i]);
                }

                break;
            default:
                var offset = 0;
                foreach (var element in contents.BytesContents)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)element.Length);
                    element.Span.CopyTo(span[(offset + BytesElements.LengthPrefixSize)..]);
                    offset += BytesElements.LengthPrefixSize + element.Length;
                }

                break;
        }

        return data;
    }

    /// <summary>Typed contents for a tensor whose datatype has a field (not FP16/BF16).</summary>
    public static InferTensorContents Write(Tensor tensor)
    {
        var contents = new InferTensorContents();
        var data = tensor.Data.AsSpan();
        switch (tensor.DataType)
        {
            case TensorDataType.Bool:
                foreach (var b in data)
                {
                    contents.BoolContents.Add(b != 0);
                }

                break;
            case TensorDataType.Int8:
                foreach (var b in data)
                {
                    contents.IntContents.Add((sbyte)b);
                }

                break;
            case TensorDataType.Int16:
                for (var i = 0; i < data.Length; i += 2)
                {
                    contents.IntContents.Add(BinaryPrimitives.ReadInt16LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Int32:
                for (var i = 0; i < data.Length; i += 4)
                {
                    contents.IntContents.Add(BinaryPrimitives.ReadInt32LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Int64:
                for (var i = 0; i < data.Length; i += 8)
                {
                    contents.Int64Contents.Add(BinaryPrimitives.ReadInt64LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.UInt8:
                foreach (var b in data)
                {
                    contents.UintContents.Add(b);
                }

                break;
            case TensorDataType.UInt16:
                for (var i = 0; i < data.Length; i += 2)
                {
                    contents.UintContents.Add(BinaryPrimitives.ReadUInt16LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.UInt32:
                for (var i = 0; i < data.Length; i += 4)
                {
                    contents.UintContents.Add(BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.UInt64:
                for (var i = 0; i < data.Length; i += 8)
                {
                    contents.Uint64Contents.Add(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Fp32:
                for (var i = 0; i < data.Length; i += 4)
                {
                    contents.Fp32Contents.Add(BinaryPrimitives.ReadSingleLittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Fp64:
                for (var i = 0; i < data.Length; i += 8)
                {
                    contents.Fp64Contents.Add(BinaryPrimitives.ReadDoubleLittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Bytes:
                var offset = 0;
                while (offset < data.Length)
                {
                    contents.BytesContents.Add(ByteString.CopyFrom(BytesElements.Next(data, ref offset)));
                }

                break;
            default:
                throw new ArgumentException($"{tensor.DataType.ToWireName()} tensor '{tensor.Name}' has no typed contents field; send it raw.", nameof(tensor));
        }

        return contents;
    }

    private static void ReadInts(InferTensorContents contents, TensorDataType type, Span<byte> span, string label)
    {
        var (min, max, size) = type switch
        {
            TensorDataType.Int8 => (sbyte.MinValue, sbyte.MaxValue, 1),
            TensorDataType.Int16 => (short.MinValue, short.MaxValue, 2),
            _ => (int.MinValue, int.MaxValue, 4),
        };
        for (var i = 0; i < contents.IntContents.Count; i++)
        {
            var value = contents.IntContents[i];
            if (value < min || value > max)
            {
                throw ProtocolErrors.Invalid($"{label}: contents.int_contents[{i}] is {value}, outside the {type.ToWireName()} range {min}..{max}.");
            }

            switch (size)
            {
                case 1: span[i] = (byte)(sbyte)value; break;
                case 2: BinaryPrimitives.WriteInt16LittleEndian(span[(i * 2)..], (short)value); break;
                default: BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], value); break;
            }
        }
    }

    private static void ReadUInts(InferTensorContents contents, TensorDataType type, Span<byte> span, string label)
    {
        var (max, size) = type switch
        {
            TensorDataType.UInt8 => (byte.MaxValue, 1),
            TensorDataType.UInt16 => (ushort.MaxValue, 2),
            _ => (uint.MaxValue, 4),
        };
        for (var i = 0; i < contents.UintContents.Count; i++)
        {
            var value = contents.UintContents[i];
            if (value > max)
            {
                throw ProtocolErrors.Invalid($"{label}: contents.uint_contents[{i}] is {value}, outside the {type.ToWireName()} range 0..{max}.");
            }

            switch (size)
            {
                case 1: span[i] = (byte)value; break;
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(span[(i * 2)..], (ushort)value); break;
                default: BinaryPrimitives.WriteUInt32LittleEndian(span[(i * 4)..], value); break;
            }
        }
    }

    private static IEnumerable<(string Field, int Length)> Lengths(InferTensorContents contents)
    {
        yield return ("bool_contents", contents.BoolContents.Count);
        yield return ("int_contents", contents.IntContents.Count);
        yield return ("int64_contents", contents.Int64Contents.Count);
        yield return ("uint_contents", contents.UintContents.Count);
        yield return ("uint64_contents", contents.Uint64Contents.Count);
        yield return ("fp32_contents", contents.Fp32Contents.Count);
        yield return ("fp64_contents", contents.Fp64Contents.Count);
        yield return ("bytes_contents", contents.BytesContents.Count);
    }
}
