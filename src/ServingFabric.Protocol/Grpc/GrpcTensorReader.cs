using Google.Protobuf;
using Google.Protobuf.Collections;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Grpc;

/// <summary>
/// Reads the tensors of a request's inputs or a response's outputs in two steps, as the HTTP codec does: every
/// tensor's name, datatype, shape and value size is checked first (typed contents or its raw_*_contents entry:
/// fixed-size types exactly shape x element size, BYTES as 4-byte little-endian length prefixes), then the values are
/// copied, so the caller can account for their memory before any is allocated.
/// </summary>
internal static class GrpcTensorReader
{
    /// <param name="role">"input" or "output", for messages.</param>
    /// <param name="rawField">The message's raw field, for messages: raw_input_contents or raw_output_contents.</param>
    public static List<Pending> Check(
        IReadOnlyList<(string Name, string DataType, RepeatedField<long> Shape, InferTensorContents? Contents)> tensors,
        RepeatedField<ByteString> raw, string role, string rawField, string owner)
    {
        if (raw.Count > 0 && raw.Count != tensors.Count)
        {
            throw ProtocolErrors.Invalid(
                $"{owner} has {raw.Count} {rawField} entries for {tensors.Count} {role}s; send one entry per {role}, in the order of the {role}s, or none and use contents.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<Pending>(tensors.Count);
        for (var i = 0; i < tensors.Count; i++)
        {
            var (name, wireType, wireShape, contents) = tensors[i];
            if (string.IsNullOrEmpty(name))
            {
                throw ProtocolErrors.Invalid($"{role}s[{i}] has no name; every {role} needs a non-empty name.");
            }

            WireLimits.CheckName(name, $"{role}s[{i}]");
            var label = $"{role} '{WireLimits.Shorten(name)}'";
            if (!names.Add(name))
            {
                throw ProtocolErrors.Invalid($"{label} appears more than once in {role}s; tensor names must be unique.");
            }

            if (!TensorDataTypes.TryParse(wireType, out var type))
            {
                throw ProtocolErrors.Invalid(
                    $"{label} has datatype \"{WireLimits.Shorten(wireType)}\"; expected one of {string.Join(", ", TensorDataTypes.AllWireNames)}.");
            }

            var shape = wireShape.ToArray();
            var count = WireShape.ElementCount(shape, label);
            pending.Add(raw.Count > 0
                ? CheckRaw(name, type.Value, shape, count, contents, raw[i], $"{rawField}[{i}]", label)
                : CheckTyped(name, type.Value, shape, count, contents, rawField, label));
        }

        return pending;
    }

    private static Pending CheckRaw(string name, TensorDataType type, long[] shape, long count, InferTensorContents? contents, ByteString bytes, string field, string label)
    {
        if (contents is not null && !contents.Equals(Empty))
        {
            throw ProtocolErrors.Invalid($"{label} has contents and {field}; send its values one way only.");
        }

        RawTensorBytes.Check(bytes.Span, type, shape, count, label, field, $"{field} length");
        return new Pending(name, type, shape, label, contents: null, bytes, bytes.Length);
    }

    private static Pending CheckTyped(string name, TensorDataType type, long[] shape, long count, InferTensorContents? contents, string rawField, string label)
    {
        if (contents is null)
        {
            if (count == 0)
            {
                return new Pending(name, type, shape, label, Empty, raw: null, 0);
            }

            throw ProtocolErrors.Invalid(
                $"{label} has no contents; put its {count} values in contents.{GrpcTensorContents.FieldOf(type) ?? "(none: " + type.ToWireName() + " is raw only)"} or send every tensor's bytes in {rawField}.");
        }

        var bytes = GrpcTensorContents.Measure(contents, type, count, label);
        if (bytes > Array.MaxLength)
        {
            throw ProtocolErrors.Invalid($"{label}: its values need {bytes} bytes, more than a tensor can hold ({Array.MaxLength}).");
        }

        return new Pending(name, type, shape, label, contents, raw: null, bytes);
    }

    private static readonly InferTensorContents Empty = new();

    /// <summary>A tensor whose values are checked but not copied.</summary>
    internal sealed class Pending(string name, TensorDataType type, long[] shape, string label, InferTensorContents? contents, ByteString? raw, long bytes)
    {
        /// <summary>The bytes <see cref="Decode"/> allocates.</summary>
        public long DecodedBytes => bytes;

        public Tensor Decode() => new(name, type, shape, raw is not null ? raw.ToByteArray() : GrpcTensorContents.Read(contents!, type, bytes, label));
    }
}
