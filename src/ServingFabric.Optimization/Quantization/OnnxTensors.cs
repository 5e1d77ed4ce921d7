using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>Reads and writes the initializers the quantizer touches.</summary>
internal static class OnnxTensors
{
    public static bool IsFloatMatrix(TensorProto tensor) => IsFloat(tensor, 2, 2);

    /// <summary>
    /// A float tensor stored in the model, of rank <paramref name="minRank"/> to <paramref name="maxRank"/>, whose data
    /// holds exactly as many values as its dimensions say: model bytes are untrusted, and a short tensor must leave the
    /// node in float rather than read past its data.
    /// </summary>
    public static bool IsFloat(TensorProto tensor, int minRank, int maxRank)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float || tensor.Dims.Count < minRank || tensor.Dims.Count > maxRank
            || tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.Dims.Any(d => d <= 0 || d > int.MaxValue))
        {
            return false;
        }

        var count = tensor.Dims.Aggregate(1L, (product, d) => product * d > int.MaxValue ? long.MaxValue : product * d);
        var stored = tensor.RawData.Length > 0 ? tensor.RawData.Length / sizeof(float) : tensor.FloatData.Count;
        return count == stored && (tensor.RawData.Length % sizeof(float)) == 0;
    }

    public static float[] Floats(TensorProto tensor) => tensor.RawData.Length > 0
        ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
        : [.. tensor.FloatData];

    public static TensorProto Float(string name, float[] values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto Int8(string name, sbyte[] values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto Int32(string name, int[] values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto Int64(string name, long[] values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto UInt8(string name, byte[] values, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Uint8, values, dims);

    /// <summary>Row-major [rows, columns] to [columns, rows].</summary>
    public static T[] Transpose<T>(T[] values, int rows, int columns)
    {
        var transposed = new T[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                transposed[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return transposed;
    }

    private static TensorProto Raw(string name, TensorProto.Types.DataType dataType, ReadOnlySpan<byte> bytes, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)dataType, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
