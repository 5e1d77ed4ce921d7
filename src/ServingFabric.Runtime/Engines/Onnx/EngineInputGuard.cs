using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>
/// The engine's last line of defence: the front validates requests and the replica guards each one before it joins a
/// batch, but the engine can be run on its own, and a tensor whose bytes do not match its shape must never reach a
/// native copy, so the engine checks names, datatypes and sizes of what it runs (cheaply, once per batch).
/// </summary>
internal static class EngineInputGuard
{
    public static void Check(Tensor tensor, TensorMetadata expected, string modelLabel)
    {
        if (tensor.DataType != expected.DataType)
        {
            throw Invalid($"{modelLabel}: input '{tensor.Name}' is {tensor.DataType.ToWireName()}; expected {expected.DataType.ToWireName()}");
        }

        if (tensor.Shape.Length != expected.Shape.Length || tensor.Shape.Any(d => d < 0))
        {
            throw Invalid($"{modelLabel}: input '{tensor.Name}' has shape [{TensorShape.Format(tensor.Shape)}]; expected {expected.Shape.Length} non-negative dimensions like [{TensorShape.Format(expected.Shape)}] (-1 is any size)");
        }

        var count = TensorShape.ElementCount(tensor.Shape);
        if (tensor.DataType == TensorDataType.Bytes)
        {
            CheckBytesLayout(tensor, count, modelLabel);
            return;
        }

        var expectedLength = count * tensor.DataType.ElementSize();
        if (tensor.Data.LongLength != expectedLength)
        {
            throw Invalid($"{modelLabel}: input '{tensor.Name}' has {tensor.Data.LongLength} bytes of data; shape [{TensorShape.Format(tensor.Shape)}] of {tensor.DataType.ToWireName()} needs {expectedLength}");
        }
    }

    private static void CheckBytesLayout(Tensor tensor, long count, string modelLabel)
    {
        var end = 0;
        var complete = BytesElements.Advance(tensor.Data, ref end, count);
        if (complete < count)
        {
            throw Invalid($"{modelLabel}: input '{tensor.Name}' BYTES element {complete} runs past the end of the data; each element must be a 4-byte little-endian length followed by that many bytes");
        }

        if (end != tensor.Data.Length)
        {
            throw Invalid($"{modelLabel}: input '{tensor.Name}' has {tensor.Data.Length - end} bytes after its {count} BYTES elements; send exactly as many elements as the shape holds");
        }
    }

    private static InferenceException Invalid(string message) => new(InferenceErrorKind.InvalidInput, message);
}
