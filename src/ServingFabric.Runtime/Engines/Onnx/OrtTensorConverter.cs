using System.Buffers.Binary;
using Microsoft.ML.OnnxRuntime;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>
/// Moves tensors between our little-endian byte layout and ORT values without converting element by element:
/// ORT's CPU tensors are little-endian and packed the same way, so numeric data is one block copy.
/// </summary>
internal static class OrtTensorConverter
{
    /// <summary>A tensor ORT owns, filled from <paramref name="tensor"/>; the caller validated its size.</summary>
    public static OrtValue ToOrtValue(Tensor tensor)
    {
        if (tensor.DataType == TensorDataType.Bytes)
        {
            return ToStringValue(tensor);
        }

        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, OnnxElementTypes.ToElementType(tensor.DataType), tensor.Shape);
        try
        {
            tensor.Data.CopyTo(value.GetTensorMutableRawData());
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    /// <summary>Copies an ORT output into a tensor; strings become the BYTES layout (4-byte length, then bytes).</summary>
    public static Tensor ToTensor(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        if (!OnnxElementTypes.TryToDataType(info.ElementDataType, out var dataType))
        {
            throw new NotSupportedException($"Output '{name}' has element type {info.ElementDataType}, which has no protocol datatype.");
        }

        var data = dataType == TensorDataType.Bytes
            ? FromStrings(value, checked((int)info.ElementCount))
            : value.GetTensorMutableRawData().ToArray();
        return new Tensor(name, dataType, info.Shape, data);
    }

    private static OrtValue ToStringValue(Tensor tensor)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, tensor.Shape);
        try
        {
            // Raw bytes, not UTF-16: BYTES elements may be any binary (images, serialized protos).
            var count = checked((int)tensor.ElementCount);
            var offset = 0;
            for (var i = 0; i < count; i++)
            {
                value.StringTensorSetElementAt(BytesElements.Next(tensor.Data, ref offset), i);
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    private static byte[] FromStrings(OrtValue value, int count)
    {
        var total = 0L;
        for (var i = 0; i < count; i++)
        {
            total += BytesElements.LengthPrefixSize + value.GetStringElementAsSpan(i).Length;
        }

        var data = new byte[checked((int)total)];
        var rest = data.AsSpan();
        for (var i = 0; i < count; i++)
        {
            var element = value.GetStringElementAsSpan(i);
            BinaryPrimitives.WriteUInt32LittleEndian(rest, (uint)element.Length);
            element.CopyTo(rest[BytesElements.LengthPrefixSize..]);
            rest = rest[(BytesElements.LengthPrefixSize + element.Length)..];
        }

        return data;
    }
}
