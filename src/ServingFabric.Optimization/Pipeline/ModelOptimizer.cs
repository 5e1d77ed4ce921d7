using System.Security.Cryptography;
using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;
using ServingFabric.Optimization.Quantization;

namespace ServingFabric.Optimization.Pipeline;

/// <summary>
/// Makes a candidate from a model: int8 quantization (optional), then ONNX Runtime's graph optimizer offline, then a
/// check that callers see the same inputs and outputs, then the accuracy gate against the original.
/// </summary>
public static class ModelOptimizer
{
    /// <exception cref="InvalidOperationException">The candidate's inputs or outputs differ from the original's.</exception>
    public static OptimizationResult Optimize(byte[] original, OptimizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(request);
        var steps = new List<string>();
        var candidate = original;
        var quantizedNodes = 0;
        if (request.Quantization is { } quantization)
        {
            var granularity = quantization.PerChannel ? "per-channel" : "per-tensor";
            if (request.Mode == QuantizationMode.Static)
            {
                (candidate, quantizedNodes) = StaticQuantizer.Quantize(candidate, request.Calibration ?? request.Evaluation, quantization);
                var calibration = quantization.Calibration == CalibrationMethod.MinMax ? "min-max" : $"percentile {quantization.Percentile}";
                steps.Add($"int8 static QDQ quantization ({granularity}, {calibration} calibration on {(request.Calibration ?? request.Evaluation).Samples.Count} samples) of {quantizedNodes} Conv/MatMul/Gemm nodes{Upgraded(original)}");
            }
            else
            {
                (candidate, quantizedNodes) = DynamicQuantizer.Quantize(candidate, quantization);
                steps.Add($"int8 dynamic quantization ({granularity}) of {quantizedNodes} MatMul/Gemm nodes");
            }
        }

        // Quantize first: the optimizer then folds and fuses the quantized graph, and the quantizer sees plain ONNX.
        candidate = OfflineGraphOptimizer.Optimize(candidate, request.Level);
        steps.Add($"ONNX Runtime graph optimization offline, level {request.Level.ToString().ToLowerInvariant()}");

        var differences = ModelSignature.Read(candidate).DifferencesFrom(ModelSignature.Read(original));
        if (differences.Count > 0)
        {
            throw new InvalidOperationException($"The optimized model changed what callers see: {string.Join("; ", differences)}. Keep the nodes that produce these outputs in float.");
        }

        var gate = AccuracyGate.Evaluate(original, candidate, request.Evaluation, request.Gate);
        var report = new OptimizationReport
        {
            Steps = steps,
            Level = request.Level,
            QuantizedNodes = quantizedNodes,
            OriginalBytes = original.LongLength,
            CandidateBytes = candidate.LongLength,
            OriginalLoadMilliseconds = LoadMilliseconds(original, request.LoadTimings),
            CandidateLoadMilliseconds = LoadMilliseconds(candidate, request.LoadTimings),
            CandidateSha256 = Convert.ToHexStringLower(SHA256.HashData(candidate)),
            Gate = gate,
        };
        return new OptimizationResult(candidate, report);
    }

    private static string Upgraded(byte[] model)
    {
        var opset = Onnx.ModelProto.Parser.ParseFrom(model).OpsetImport.FirstOrDefault(o => string.IsNullOrEmpty(o.Domain))?.Version ?? 0;
        return opset < OpsetUpgrader.TargetOpset ? $", after upgrading opset {opset} to {OpsetUpgrader.TargetOpset}" : string.Empty;
    }

    private static double? LoadMilliseconds(byte[] model, int repeats) =>
        repeats > 0 ? ModelLoadTimer.Median(model, repeats).TotalMilliseconds : null;
}
