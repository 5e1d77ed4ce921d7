using System.Runtime.InteropServices;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Batching;

/// <summary>FP32 tensors for tests.</summary>
internal static class Floats
{
    public static byte[] Bytes(IEnumerable<float> values) => MemoryMarshal.AsBytes(values.ToArray().AsSpan()).ToArray();

    public static float[] Of(byte[] data) => MemoryMarshal.Cast<byte, float>(data).ToArray();

    public static float[] Of(Tensor tensor) => Of(tensor.Data);

    /// <summary>Input "x" with <paramref name="rows"/> rows of the given values (row-major).</summary>
    public static Tensor X(int rows, params float[] values) =>
        new("x", TensorDataType.Fp32, [rows, values.Length / rows], Bytes(values));

    public static float[] TwicePlusOne(params float[] values) => [.. values.Select(v => (2 * v) + 1)];
}
