using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>Writes a tensor's bytes as a flat JSON array, one typed loop per datatype so nothing is boxed.</summary>
internal static class TensorDataWriter
{
    public static void Write(Utf8JsonWriter writer, Tensor tensor)
    {
        var data = tensor.Data.AsSpan();
        var count = CheckSize(tensor);
        writer.WriteStartArray();
        switch (tensor.DataType)
        {
            case TensorDataType.Bool:
                foreach (var b in data)
                {
                    writer.WriteBooleanValue(b != 0);
                }

                break;
            case TensorDataType.UInt8:
                foreach (var b in data)
                {
                    writer.WriteNumberValue(b);
                }

                break;
            case TensorDataType.Int8:
                foreach (var b in data)
                {
                    writer.WriteNumberValue((sbyte)b);
                }

                break;
            case TensorDataType.UInt16:
                for (var i = 0; i < count; i++)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]));
                }

                break;
            case TensorDataType.Int16:
                for (var i = 0; i < count; i++)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]));
                }

                break;
            case TensorDataType.UInt32:
                for (var i = 0; i < count; i++)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]));
                }

                break;
            case TensorDataType.Int32:
                for (var i = 0; i < count; i++)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]));
                }

                break;
            case TensorDataType.UInt64:
                for (var i = 0; i < count; i++)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 8)..]));
                }

                break;
            case TensorDataType.Int64:
                for (var i = 0; i < count; i++)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]));
                }

                break;
            case TensorDataType.Fp16:
                for (var i = 0; i < count; i++)
                {
                    WriteHalf(writer, BinaryPrimitives.ReadHalfLittleEndian(data[(i * 2)..]));
                }

                break;
            case TensorDataType.Bf16:
                for (var i = 0; i < count; i++)
                {
                    WriteSingle(writer, BFloat16.ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..])));
                }

                break;
            case TensorDataType.Fp32:
                for (var i = 0; i < count; i++)
                {
                    WriteSingle(writer, BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]));
                }

                break;
            case TensorDataType.Fp64:
                for (var i = 0; i < count; i++)
                {
                    var value = BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
                    if (double.IsFinite(value))
                    {
                        writer.WriteNumberValue(value);
                    }
                    else
                    {
                        WriteNonFinite(writer, double.IsNaN(value), value > 0);
                    }
                }

                break;
            case TensorDataType.Bytes:
                WriteStrings(writer, tensor, data);
                break;
            default:
                throw new ArgumentException($"Tensor '{tensor.Name}' has datatype {tensor.DataType}, which has no JSON form.", nameof(tensor));
        }

        writer.WriteEndArray();
    }

    private static int CheckSize(Tensor tensor)
    {
        var count = TensorShape.ElementCount(tensor.Shape);
        if (tensor.DataType == TensorDataType.Bytes)
        {
            BytesElements.EnsureWellFormed(tensor.Data, count, tensor.Name);
            return (int)count;
        }

        var expected = count * tensor.DataType.ElementSize();
        return tensor.Data.Length == expected
            ? (int)count
            : throw new ArgumentException(
                $"Tensor '{tensor.Name}' has {tensor.Data.Length} bytes but shape [{TensorShape.Format(tensor.Shape)}] of {tensor.DataType.ToWireName()} needs {expected}.",
                nameof(tensor));
    }

    private static void WriteSingle(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNonFinite(writer, float.IsNaN(value), value > 0);
        }
    }

    private static void WriteHalf(Utf8JsonWriter writer, Half value)
    {
        if (!Half.IsFinite(value))
        {
            WriteNonFinite(writer, Half.IsNaN(value), value > Half.Zero);
            return;
        }

        // Half's own shortest form ("0.1") rather than the float's ("0.099975586"); both parse back to the same value.
        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }

    private static void WriteNonFinite(Utf8JsonWriter writer, bool isNaN, bool positive) =>
        writer.WriteStringValue(isNaN ? "NaN" : positive ? "Infinity" : "-Infinity");

    private static void WriteStrings(Utf8JsonWriter writer, Tensor tensor, ReadOnlySpan<byte> data)
    {
        var offset = 0;
        var index = 0;
        while (offset < data.Length)
        {
            var element = BytesElements.Next(data, ref offset);

            // The writer would silently replace invalid UTF-8 with U+FFFD; refusing keeps binary payloads intact.
            if (!Utf8.IsValid(element))
            {
                throw new InferenceException(
                    InferenceErrorKind.InvalidInput,
                    $"BYTES tensor '{tensor.Name}': element {index} is not valid UTF-8, so it cannot be a JSON string. Send or request this tensor as binary data (binary_data / binary_data_size).");
            }

            writer.WriteStringValue(element);
            index++;
        }
    }
}
