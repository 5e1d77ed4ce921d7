using System.Text.Json;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>
/// Reads one entry of "inputs" (request) or "outputs" (response): name, datatype, shape, and either JSON "data" or
/// parameters.binary_data_size bytes from the binary section.
/// </summary>
internal static class WireTensorReader
{
    /// <param name="role">"input" or "output", for messages.</param>
    public static Tensor Read(JsonElement entry, string role, int position, BinarySection binary, HashSet<string> seenNames)
    {
        WireJson.RequireObject(entry, $"{role}s[{position}]");
        var name = WireJson.OptionalString(entry, "name", $"{role}s[{position}]");
        if (string.IsNullOrEmpty(name))
        {
            throw ProtocolErrors.Invalid($"{role}s[{position}] is missing \"name\" (a non-empty string).");
        }

        var label = $"{role} '{name}'";
        if (!seenNames.Add(name))
        {
            throw ProtocolErrors.Invalid($"{label} appears more than once in \"{role}s\"; tensor names must be unique.");
        }

        var dataType = ReadDataType(entry, label);
        var shape = WireShape.Read(entry, label);
        var elementCount = WireShape.ElementCount(shape, label);
        var binarySize = ReadBinarySize(entry, label);
        var hasData = entry.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null;

        byte[] bytes;
        if (binarySize is { } size)
        {
            if (hasData)
            {
                throw ProtocolErrors.Invalid($"{label} has both \"data\" and parameters.binary_data_size; send its values one way only.");
            }

            bytes = ReadBinary(binary.Take(size, label), dataType, shape, elementCount, label);
        }
        else
        {
            bytes = hasData
                ? TensorDataReader.Read(data, label, dataType, shape)
                : throw ProtocolErrors.Invalid($"{label} has neither \"data\" nor parameters.binary_data_size; give its values one way.");
        }

        return new Tensor(name, dataType, shape, bytes);
    }

    private static TensorDataType ReadDataType(JsonElement entry, string label)
    {
        var wireName = WireJson.OptionalString(entry, "datatype", label);
        if (wireName is null)
        {
            throw ProtocolErrors.Invalid(
                $"{label} is missing \"datatype\"; expected one of {string.Join(", ", TensorDataTypes.AllWireNames)}.");
        }

        return TensorDataTypes.TryParse(wireName, out var dataType)
            ? dataType.Value
            : throw ProtocolErrors.Invalid(
                $"{label} has datatype \"{wireName}\"; expected one of {string.Join(", ", TensorDataTypes.AllWireNames)}.");
    }

    private static long? ReadBinarySize(JsonElement entry, string label)
    {
        if (!entry.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw ProtocolErrors.Invalid($"{label}: \"parameters\" must be a JSON object, not {WireJson.Describe(parameters)}.");
        }

        if (!parameters.TryGetProperty(WireParameters.BinaryDataSize, out var size))
        {
            return null;
        }

        return size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var value) && value >= 0
            ? value
            : throw ProtocolErrors.Invalid(
                $"{label}: parameters.binary_data_size is {WireJson.Describe(size)}, expected a non-negative integer (the byte count of its binary data).");
    }

    private static byte[] ReadBinary(ReadOnlySpan<byte> bytes, TensorDataType dataType, long[] shape, long elementCount, string label)
    {
        if (dataType == TensorDataType.Bytes)
        {
            if (BytesElements.FindProblem(bytes, elementCount) is { } problem)
            {
                throw ProtocolErrors.Invalid(
                    $"{label} (BYTES): binary data is not {elementCount} elements of 4-byte little-endian length + bytes for shape [{TensorShape.Format(shape)}]: {problem}.");
            }
        }
        else
        {
            var expected = WireShape.ByteSize(dataType, elementCount, label);
            if (bytes.Length != expected)
            {
                throw ProtocolErrors.Invalid(
                    $"{label}: parameters.binary_data_size is {bytes.Length} but shape [{TensorShape.Format(shape)}] of {dataType.ToWireName()} needs {expected} bytes ({elementCount} elements x {dataType.ElementSize()}).");
            }
        }

        // The tensor owns a copy (the body buffer goes back to the pool); it is overwritten whole, so not zeroed first.
        var copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }
}
