using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

public static partial class TensorFactory
{
    /// <summary>The elements as a .NET array; <typeparamref name="T"/> must be the datatype's own type (float for FP32, Half for FP16, ...).</summary>
    /// <exception cref="InvalidOperationException">The datatype is not <typeparamref name="T"/>'s, or the bytes do not match the shape.</exception>
    public static T[] ToArray<T>(this Tensor tensor)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var expected = DataTypeOf<T>();
        if (expected != tensor.DataType)
        {
            var hint = tensor.DataType switch
            {
                TensorDataType.Bytes => "use ToStrings() or ToByteArrays()",
                TensorDataType.Bf16 => "use ToSinglesFromBf16()",
                _ => $"use ToArray<{ClrNameOf(tensor.DataType)}>()",
            };
            throw new InvalidOperationException(
                $"Tensor '{tensor.Name}' is {tensor.DataType.ToWireName()}, not {(expected is { } e ? e.ToWireName() : typeof(T).Name)}; {hint}.");
        }

        var count = CheckFixedSize(tensor);
        var result = new T[count];
        var bytes = MemoryMarshal.AsBytes(result.AsSpan());
        tensor.Data.CopyTo(bytes);
        if (tensor.DataType == TensorDataType.Bool)
        {
            // A bool whose byte is neither 0 nor 1 misbehaves in comparisons; the wire may carry any non-zero byte.
            foreach (ref var b in bytes)
            {
                b = b == 0 ? (byte)0 : (byte)1;
            }
        }

        ToLittleEndian(bytes, tensor.DataType.ElementSize());
        return result;
    }

    /// <summary>The elements of a BYTES tensor decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public static string[] ToStrings(this Tensor tensor)
    {
        var data = CheckBytes(tensor);
        var result = new string[tensor.ElementCount];
        var offset = 0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Encoding.UTF8.GetString(BytesElements.Next(data, ref offset));
        }

        return result;
    }

    /// <summary>The elements of a BYTES tensor as raw byte strings.</summary>
    public static byte[][] ToByteArrays(this Tensor tensor)
    {
        var data = CheckBytes(tensor);
        var result = new byte[tensor.ElementCount][];
        var offset = 0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BytesElements.Next(data, ref offset).ToArray();
        }

        return result;
    }

    /// <summary>The elements of a BF16 tensor widened (exactly) to float.</summary>
    public static float[] ToSinglesFromBf16(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType != TensorDataType.Bf16)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' is {tensor.DataType.ToWireName()}, not BF16.");
        }

        var result = new float[CheckFixedSize(tensor)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BFloat16.ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(tensor.Data.AsSpan(i * 2)));
        }

        return result;
    }

    private static int CheckFixedSize(Tensor tensor)
    {
        var count = tensor.ElementCount;
        var expected = count * tensor.DataType.ElementSize();
        return tensor.Data.Length == expected
            ? (int)count
            : throw new InvalidOperationException(
                $"Tensor '{tensor.Name}' has {tensor.Data.Length} bytes but shape [{TensorShape.Format(tensor.Shape)}] of {tensor.DataType.ToWireName()} needs {expected}.");
    }

    private static ReadOnlySpan<byte> CheckBytes(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType != TensorDataType.Bytes)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' is {tensor.DataType.ToWireName()}, not BYTES; use ToArray<T>().");
        }

        if (BytesElements.FindProblem(tensor.Data, tensor.ElementCount) is { } problem)
        {
            throw new InvalidOperationException($"BYTES tensor '{tensor.Name}' is not in the length-prefixed layout: {problem}.");
        }

        return tensor.Data;
    }

    // typeof comparisons on a struct type parameter are folded by the JIT, so this costs nothing per call.
    private static TensorDataType? DataTypeOf<T>()
        where T : unmanaged =>
        typeof(T) == typeof(float) ? TensorDataType.Fp32
        : typeof(T) == typeof(double) ? TensorDataType.Fp64
        : typeof(T) == typeof(Half) ? TensorDataType.Fp16
        : typeof(T) == typeof(byte) ? TensorDataType.UInt8
        : typeof(T) == typeof(sbyte) ? TensorDataType.Int8
        : typeof(T) == typeof(short) ? TensorDataType.Int16
        : typeof(T) == typeof(ushort) ? TensorDataType.UInt16
        : typeof(T) == typeof(int) ? TensorDataType.Int32
        : typeof(T) == typeof(uint) ? TensorDataType.UInt32
        : typeof(T) == typeof(long) ? TensorDataType.Int64
        : typeof(T) == typeof(ulong) ? TensorDataType.UInt64
        : typeof(T) == typeof(bool) ? TensorDataType.Bool
        : null;

    private static string ClrNameOf(TensorDataType dataType) => dataType switch
    {
        TensorDataType.Fp32 => "float",
        TensorDataType.Fp64 => "double",
        TensorDataType.Fp16 => "Half",
        TensorDataType.UInt8 => "byte",
        TensorDataType.Int8 => "sbyte",
        TensorDataType.Int16 => "short",
        TensorDataType.UInt16 => "ushort",
        TensorDataType.Int32 => "int",
        TensorDataType.UInt32 => "uint",
        TensorDataType.Int64 => "long",
        TensorDataType.UInt64 => "ulong",
        _ => "bool",
    };
}
