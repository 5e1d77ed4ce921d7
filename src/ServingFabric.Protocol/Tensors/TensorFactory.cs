using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>Builds tensors from .NET values and reads them back, for SDK users who should not lay out bytes by hand.</summary>
public static partial class TensorFactory
{
    public static Tensor Create(string name, long[] shape, ReadOnlySpan<float> values) => CreateFixed(name, shape, values, TensorDataType.Fp32);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<double> values) => CreateFixed(name, shape, values, TensorDataType.Fp64);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<Half> values) => CreateFixed(name, shape, values, TensorDataType.Fp16);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<byte> values) => CreateFixed(name, shape, values, TensorDataType.UInt8);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<sbyte> values) => CreateFixed(name, shape, values, TensorDataType.Int8);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<short> values) => CreateFixed(name, shape, values, TensorDataType.Int16);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<ushort> values) => CreateFixed(name, shape, values, TensorDataType.UInt16);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<int> values) => CreateFixed(name, shape, values, TensorDataType.Int32);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<uint> values) => CreateFixed(name, shape, values, TensorDataType.UInt32);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<long> values) => CreateFixed(name, shape, values, TensorDataType.Int64);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<ulong> values) => CreateFixed(name, shape, values, TensorDataType.UInt64);

    public static Tensor Create(string name, long[] shape, ReadOnlySpan<bool> values) => CreateFixed(name, shape, values, TensorDataType.Bool);

    /// <summary>A BYTES tensor of UTF-8 strings.</summary>
    public static Tensor Create(string name, long[] shape, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckCount(name, shape, values.Count);
        var total = 0L;
        foreach (var value in values)
        {
            total += BytesElements.LengthPrefixSize + Encoding.UTF8.GetByteCount(value);
        }

        var data = new byte[total];
        var offset = 0;
        foreach (var value in values)
        {
            var length = Encoding.UTF8.GetBytes(value, data.AsSpan(offset + BytesElements.LengthPrefixSize));
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(offset), length);
            offset += BytesElements.LengthPrefixSize + length;
        }

        return new Tensor(name, TensorDataType.Bytes, shape, data);
    }

    /// <summary>A BYTES tensor of arbitrary byte strings.</summary>
    public static Tensor Create(string name, long[] shape, IReadOnlyList<byte[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckCount(name, shape, values.Count);
        var total = 0L;
        foreach (var value in values)
        {
            total += BytesElements.LengthPrefixSize + value.Length;
        }

        var data = new byte[total];
        var offset = 0;
        foreach (var value in values)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(offset), value.Length);
            value.CopyTo(data, offset + BytesElements.LengthPrefixSize);
            offset += BytesElements.LengthPrefixSize + value.Length;
        }

        return new Tensor(name, TensorDataType.Bytes, shape, data);
    }

    /// <summary>A BF16 tensor; each value is rounded to the nearest bfloat16 (ties to even).</summary>
    public static Tensor CreateBf16(string name, long[] shape, ReadOnlySpan<float> values)
    {
        CheckCount(name, shape, values.Length);
        var data = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), BFloat16.FromSingle(values[i]));
        }

        return new Tensor(name, TensorDataType.Bf16, shape, data);
    }

    private static Tensor CreateFixed<T>(string name, long[] shape, ReadOnlySpan<T> values, TensorDataType dataType)
        where T : unmanaged
    {
        CheckCount(name, shape, values.Length);
        var data = MemoryMarshal.AsBytes(values).ToArray();
        ToLittleEndian(data, dataType.ElementSize());
        return new Tensor(name, dataType, shape, data);
    }

    private static void CheckCount(string name, long[] shape, long count)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        var expected = TensorShape.ElementCount(shape);
        if (count != expected)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has {count} values but shape [{TensorShape.Format(shape)}] needs {expected}.", nameof(shape));
        }
    }

    // Tensor bytes are little-endian by contract; on the rare big-endian host each element is swapped in place.
    private static void ToLittleEndian(Span<byte> data, int elementSize)
    {
        if (BitConverter.IsLittleEndian || elementSize <= 1)
        {
            return;
        }

        for (var offset = 0; offset < data.Length; offset += elementSize)
        {
            data.Slice(offset, elementSize).Reverse();
        }
    }
}
