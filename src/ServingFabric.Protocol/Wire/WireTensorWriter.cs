using System.Text.Json;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>Writes one tensor entry, its values either as JSON "data" or as a binary_data_size placeholder.</summary>
internal static class WireTensorWriter
{
    public static void Write(Utf8JsonWriter writer, Tensor tensor, bool binary)
    {
        writer.WriteStartObject();
        writer.WriteString("name", tensor.Name);
        writer.WriteString("datatype", tensor.DataType.ToWireName());
        writer.WriteStartArray("shape");
        foreach (var dim in tensor.Shape)
        {
            writer.WriteNumberValue(dim);
        }

        writer.WriteEndArray();
        if (binary)
        {
            CheckBinarySize(tensor);
            writer.WriteStartObject("parameters");
            writer.WriteNumber(WireParameters.BinaryDataSize, tensor.Data.Length);
            writer.WriteEndObject();
        }
        else
        {
            writer.WritePropertyName("data");
            TensorDataWriter.Write(writer, tensor);
        }

        writer.WriteEndObject();
    }

    // A tensor whose bytes disagree with its shape would shift every tensor after it in the binary section.
    private static void CheckBinarySize(Tensor tensor)
    {
        var count = TensorShape.ElementCount(tensor.Shape);
        if (tensor.DataType == TensorDataType.Bytes)
        {
            BytesElements.EnsureWellFormed(tensor.Data, count, tensor.Name);
        }
        else if (tensor.Data.Length != count * tensor.DataType.ElementSize())
        {
            throw new ArgumentException(
                $"Tensor '{tensor.Name}' has {tensor.Data.Length} bytes but shape [{TensorShape.Format(tensor.Shape)}] of {tensor.DataType.ToWireName()} needs {count * tensor.DataType.ElementSize()}.",
                nameof(tensor));
        }
    }
}
