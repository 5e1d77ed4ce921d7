using Google.Protobuf;
using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Dynamic int8 quantization of MatMul and Gemm weights, written on the ONNX protobuf: each weight initializer becomes
/// int8 with a float scale, and the node becomes DynamicQuantizeLinear (the activation, per batch) → MatMulInteger →
/// Cast → Mul by both scales (→ Add of Gemm's bias): the pattern ONNX Runtime's Python quantizer writes, which ONNX
/// Runtime fuses into one DynamicQuantizeMatMul/MatMulIntegerToFloat kernel. Models below opset 11 (no
/// DynamicQuantizeLinear) get that fused kernel directly, ONNX Runtime's contrib operator com.microsoft.DynamicQuantizeMatMul,
/// rather than a silent opset upgrade that could change other operators' meaning.
/// </summary>
public static class DynamicQuantizer
{
    /// <summary>The lowest default-domain opset with DynamicQuantizeLinear.</summary>
    private const long StandardOpset = 11;

    /// <summary>ONNX Runtime's contrib operators' domain.</summary>
    internal const string MicrosoftDomain = "com.microsoft";

    /// <summary>The quantized model and how many nodes were quantized; <paramref name="model"/> is not changed.</summary>
    public static (ModelProto Model, int QuantizedNodes) Quantize(ModelProto model, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var opset = model.OpsetImport.FirstOrDefault(o => string.IsNullOrEmpty(o.Domain))?.Version ?? 0;
        var quantized = model.Clone();
        var fused = opset < StandardOpset;
        var rewriter = new QuantizingRewriter(quantized.Graph, options, fused);
        rewriter.Run();
        if (fused && rewriter.QuantizedNodes > 0 && quantized.OpsetImport.All(o => o.Domain != MicrosoftDomain))
        {
            quantized.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

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
