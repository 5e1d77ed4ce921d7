using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Validation;

/// <summary>Checks one input tensor against its metadata: datatype, shape, batch dimension and data length.</summary>
internal static class TensorValidator
{
    /// <summary>Returns the tensor's batch rows (its first dimension) when <paramref name="maxBatchSize"/> is above 0, else 1.</summary>
    public static int Validate(Tensor tensor, TensorMetadata expected, int maxBatchSize)
    {
        var name = expected.Name;
        ValidateDataType(tensor, expected);
        var shape = tensor.Shape ?? [];
        ValidateShape(name, shape, expected.Shape);
        var rows = BatchRows(name, shape, maxBatchSize);
        ValidateData(name, tensor, shape);
        return rows;
    }

    public static void ValidateDataType(Tensor tensor, TensorMetadata expected)
    {
        if (tensor.DataType != expected.DataType)
        {
            throw RequestValidator.Invalid($"input '{expected.Name}': expected datatype {expected.DataType.ToWireName()}, got {WireName(tensor.DataType)}");
        }
    }

    /// <summary>The first dimension, checked against <paramref name="maxBatchSize"/>; 1 when the model does not batch (0).</summary>
    public static int BatchRows(string name, long[] shape, int maxBatchSize)
    {
        if (maxBatchSize <= 0)
        {
            return 1;
        }

        if (shape.Length == 0)
        {
            throw RequestValidator.Invalid($"input '{name}' has no batch dimension although the model batches (max batch size {maxBatchSize}); set max_batch_size to 0 in config.json for models without one");
        }

        if (shape[0] < 1 || shape[0] > maxBatchSize)
        {
            throw RequestValidator.Invalid($"input '{name}': batch size (dimension 0) must be between 1 and {maxBatchSize}, got {shape[0]}; split larger requests");
        }

        return (int)shape[0];
    }

    public static void ValidateDimensions(string name, long[] shape)
    {
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0)
            {
                throw NegativeDimension(name, shape, d);
            }
        }
    }

    private static void ValidateShape(string name, long[] shape, long[] expected)
    {
        if (shape.Length != expected.Length)
        {
            throw RequestValidator.Invalid($"input '{name}': expected shape [{TensorShape.Format(expected)}] (rank {expected.Length}), got [{TensorShape.Format(shape)}] (rank {shape.Length})");
        }

        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0)
            {
                throw NegativeDimension(name, shape, d);
            }

            // -1 in the model marks a free (symbolic) dimension; any size is accepted there.
            if (expected[d] >= 0 && shape[d] != expected[d])
            {
                throw RequestValidator.Invalid($"input '{name}': dimension {d} must be {expected[d]} (model shape [{TensorShape.Format(expected)}]), got {shape[d]}");
            }
        }
    }

    /// <summary>Checks that the data holds exactly the elements <paramref name="shape"/> does (the BYTES layout for BYTES).</summary>
    public static void ValidateData(string name, Tensor tensor, long[] shape)
    {
        long count;
        try
        {
            count = TensorShape.ElementCount(shape);
        }
        catch (OverflowException)
        {
            throw RequestValidator.Invalid($"input '{name}': shape [{TensorShape.Format(shape)}] holds more elements than can be addressed; send a smaller tensor");
        }

        var data = tensor.Data ?? [];
        var wireName = tensor.DataType.ToWireName();
        if (tensor.DataType == TensorDataType.Bytes)
        {
            ValidateBytes(name, data, shape, count);
            return;
        }

        var size = tensor.DataType.ElementSize();
        if (count > data.Length / size || count * size != data.Length)
        {
            throw RequestValidator.Invalid($"input '{name}': shape [{TensorShape.Format(shape)}] holds {count} {wireName} elements ({count}×{size} bytes), got {data.Length} bytes of data");
        }
    }

    private static InferenceException NegativeDimension(string name, long[] shape, int d) =>
        RequestValidator.Invalid($"input '{name}': dimension {d} is {shape[d]}; dimensions must be 0 or more");

    // A datatype outside the enum can only come from a hand-built message; its number is all there is to name.
    private static string WireName(TensorDataType dataType) =>
        Enum.IsDefined(dataType) ? dataType.ToWireName() : ((int)dataType).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void ValidateBytes(string name, byte[] data, long[] shape, long count)
    {
        var end = BytesElements.Skip(data, 0, count);
        if (end < 0)
        {
            var found = BytesElements.Count(data);
            throw RequestValidator.Invalid(found < 0
                ? $"input '{name}': BYTES data ends inside an element; each element is a 4-byte little-endian length followed by that many bytes"
                : $"input '{name}': shape [{TensorShape.Format(shape)}] holds {count} BYTES elements, got {found}");
        }

        if (end != data.Length)
        {
            throw RequestValidator.Invalid($"input '{name}': BYTES data has {data.Length - end} bytes after the {count} elements shape [{TensorShape.Format(shape)}] holds; send exactly {count} elements");
        }
    }
}
