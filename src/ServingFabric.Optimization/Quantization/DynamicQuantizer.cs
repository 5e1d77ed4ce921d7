using Google.Protobuf;
using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Dynamic int8 quantization of MatMul and Gemm weights, written on the ONNX protobuf: each weight initializer becomes
/// int8 with a float scale, and the node becomes DynamicQuantizeLinear (the activation, per batch) → MatMulInteger →
/// Cast → Mul by both scales (→ Add of Gemm's bias): the pattern ONNX Runtime's Python quantizer writes, which ONNX
/// Runtime fuses into one DynamicQuantizeMatMul/MatMulIntegerToFloat kernel.
/// </summary>
public static class DynamicQuantizer
{
    /// <summary>The lowest default-domain opset with DynamicQuantizeLinear.</summary>
    private const long MinOpset = 11;

    /// <summary>The quantized model and how many nodes were quantized; <paramref name="model"/> is not changed.</summary>
    /// <exception cref="InvalidOperationException">The model's opset is below 11.</exception>
    public static (ModelProto Model, int QuantizedNodes) Quantize(ModelProto model, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var opset = model.OpsetImport.FirstOrDefault(o => string.IsNullOrEmpty(o.Domain))?.Version ?? 0;
        if (opset < MinOpset)
        {
            throw new InvalidOperationException($"The model imports opset {opset}; dynamic quantization needs opset {MinOpset} or later (DynamicQuantizeLinear). Convert the model to a later opset first.");
        }

        var quantized = model.Clone();
        var rewriter = new QuantizingRewriter(quantized.Graph, options);
        rewriter.Run();
        return (quantized, rewriter.QuantizedNodes);
    }

    /// <summary>The quantized model's bytes and how many nodes were quantized.</summary>
    public static (byte[] Model, int QuantizedNodes) Quantize(byte[] model, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (quantized, count) = Quantize(ModelProto.Parser.ParseFrom(model), options);
        return (quantized.ToByteArray(), count);
    }
}
