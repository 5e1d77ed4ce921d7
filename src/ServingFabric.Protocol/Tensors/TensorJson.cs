using System.Runtime.InteropServices;
using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>
/// The JSON "data" of one tensor, for codecs beyond HTTP (for example a gRPC gateway that accepts JSON). Floating
/// point values are written in their shortest round-trip form; NaN and infinities as the strings "NaN",
/// "Infinity" and "-Infinity", which <see cref="ReadData"/> also accepts.
/// </summary>
public static class TensorJson
{
    /// <summary>Writes the tensor's elements as a flat JSON array in row-major order.</summary>
    /// <exception cref="ArgumentException">The tensor's bytes do not match its shape and datatype.</exception>
    /// <exception cref="InferenceException">A BYTES element is not valid UTF-8, so it needs binary data instead.</exception>
    public static void WriteData(Utf8JsonWriter writer, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tensor);
        TensorDataWriter.Write(writer, tensor);
    }

    /// <summary>Reads a flat or nested (matching <paramref name="shape"/>) JSON array into little-endian bytes.</summary>
    /// <exception cref="InferenceException">With <see cref="InferenceErrorKind.InvalidInput"/>, naming <paramref name="name"/>.</exception>
    public static byte[] ReadData(JsonElement data, string name, TensorDataType type, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        var json = JsonMarshal.GetRawUtf8Value(data);
        WireJson.Check(json, $"\"data\" of tensor '{name}'", hasHeaderLength: true);
        return TensorDataReader.Read(json, $"tensor '{name}'", type, shape);
    }
}
