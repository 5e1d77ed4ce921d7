using System.Text.Json;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>
/// Reads one entry of "inputs" (request) or "outputs" (response) in two steps: <see cref="Read"/> checks name,
/// datatype, shape and the size of its values (JSON "data" or parameters.binary_data_size bytes of the binary section)
/// and allocates nothing for them; <see cref="WirePendingTensor.Decode"/> then copies the values. A body's tensors are
/// all checked before any is decoded, so the caller can account for the memory they will take first.
/// </summary>
internal static class WireTensorReader
{
    /// <param name="role">"input" or "output", for messages.</param>
    public static WirePendingTensor Read(WireTensorEntry entry, string role, int position, BinarySection binary, HashSet<string> seenNames)
    {
        if (!entry.IsObject)
        {
            WireJson.RequireObject(entry.NotAnObject, $"{role}s[{position}]");
        }

        var members = entry.Members;
        var name = WireJson.OptionalString(members, "name", $"{role}s[{position}]");
        if (string.IsNullOrEmpty(name))
        {
            throw ProtocolErrors.Invalid($"{role}s[{position}] is missing \"name\" (a non-empty string).");
        }

        var label = $"{role} '{WireLimits.Shorten(name)}'";
        WireLimits.CheckName(name, $"{role}s[{position}]");
        if (!seenNames.Add(name))
        {
            throw ProtocolErrors.Invalid($"{label} appears more than once in \"{role}s\"; tensor names must be unique.");
        }

        var dataType = ReadDataType(members, label);
        var shape = WireShape.Read(members, label);
        var elementCount = WireShape.ElementCount(shape, label);
        var binarySize = ReadBinarySize(members, label);

        if (binarySize is { } size)
        {
            if (entry.Data is not null)
            {
                throw ProtocolErrors.Invalid($"{label} has both \"data\" and parameters.binary_data_size; send its values one way only.");
            }

            var bytes = binary.Take(size, label);
            RawTensorBytes.Check(bytes.Span, dataType, shape, elementCount, label, "binary data", "parameters.binary_data_size");
            return new WirePendingTensor(name, dataType, shape, label, bytes, isBinary: true, bytes.Length);
        }

        if (entry.Data is not { } data)
        {
            throw ProtocolErrors.Invalid($"{label} has neither \"data\" nor parameters.binary_data_size; give its values one way.");
        }

        return new WirePendingTensor(name, dataType, shape, label, data, isBinary: false, TensorDataReader.DecodedBytesBound(data.Span, label, dataType, shape));
    }

    private static TensorDataType ReadDataType(WireFields entry, string label)
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
                $"{label} has datatype \"{WireLimits.Shorten(wireName)}\"; expected one of {string.Join(", ", TensorDataTypes.AllWireNames)}.");
    }

    private static long? ReadBinarySize(WireFields entry, string label)
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
}
