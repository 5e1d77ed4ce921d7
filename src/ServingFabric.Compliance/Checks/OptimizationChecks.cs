using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Checks;

/// <summary>
/// OPT-1 .. OPT-5: model format, quantization, batching, caching and the accuracy gate. An optimized version carries
/// its optimization and gate result in its registration reason (<c>fabric models optimize</c>), which the event log keeps.
/// </summary>
internal static class OptimizationChecks
{
    private const string Area = "Model optimization";
    private const string OptimizedMarker = "optimized from version";
    private const string Optimize = "a version registered by fabric models optimize --quantize dynamic (its reason records the steps and the accuracy gate)";

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("OPT-1", Area, "Models quantized where appropriate", Quantized),
        new("OPT-2", Area, "Efficient model format used", EfficientFormat),
        new("OPT-3", Area, "Request batching enabled", Batching),
        new("OPT-4", Area, "Response caching enabled", Caching),
        new("OPT-5", Area, "Accuracy not significantly reduced by optimization", AccuracyKept),
    ];

    internal static Verdict Quantized(EvidenceSet e)
    {
        if (!e.Fabric.Events.IsAvailable)
        {
            return Missing.Source(e.Fabric.Events, Missing.LiveFabric);
        }

        var optimized = OptimizedRegistrations(e).Where(x => x.Message.Contains("quantiz", StringComparison.OrdinalIgnoreCase)).ToList();
        return optimized.Count > 0
            ? Verdict.Pass($"{optimized.Count} quantized versions registered", optimized.Select(x => $"{x.Model}: {x.Message}"))
            : Verdict.NotEvidenced("no version in the event log was registered as quantized", Optimize);
    }

    internal static Verdict EfficientFormat(EvidenceSet e)
    {
        if (!e.Fabric.ModelMetadata.IsAvailable)
        {
            return Missing.Source(e.Fabric.ModelMetadata, Missing.LiveFabric);
        }

        var metadata = e.Fabric.ModelMetadata.Value.Values.ToList();
        if (metadata.Count == 0)
        {
            return Verdict.NotEvidenced("no model metadata", "a deployed model");
        }

        var other = metadata.Where(m => !m.Platform.StartsWith("onnxruntime", StringComparison.Ordinal)).ToList();
        return Verdict.PassIf(other.Count == 0, "every model runs as ONNX on ONNX Runtime (graph-optimized, batched execution)",
            $"models on another platform: {string.Join(", ", other.Select(m => $"{m.Name} ({m.Platform})"))}",
            metadata.Select(m => $"{m.Name}: platform {m.Platform} (GET /v2/models/{m.Name})"));
    }

    internal static Verdict Batching(EvidenceSet e)
    {
        if (!e.Fabric.Metrics.IsAvailable)
        {
            return Missing.Source(e.Fabric.Metrics, "/metrics readable with the metrics scope");
        }

        var counts = e.Fabric.Metrics.Value.Named("servingfabric_batch_size_count").ToList();
        if (counts.Count == 0)
        {
            return Verdict.NotEvidenced("no batch has run since the silo started (servingfabric_batch_size absent)", "traffic or the load drill (--drills load)");
        }

        var batches = counts.Sum(s => s.Value);
        var rows = e.Fabric.Metrics.Value.Sum("servingfabric_batch_size_sum");
        return Verdict.Pass($"requests run through the dynamic batcher: {batches:0} batches, {rows:0} rows, {(batches == 0 ? 0 : rows / batches):0.00} rows per batch",
            counts.Select(c => $"servingfabric_batch_size_count{{{string.Join(",", c.Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {c.Value}"));
    }

    internal static Verdict Caching(EvidenceSet e)
    {
        if (!e.Fabric.Metrics.IsAvailable)
        {
            return Missing.Source(e.Fabric.Metrics, "/metrics readable with the metrics scope");
        }

        var metrics = e.Fabric.Metrics.Value;
        var cache = metrics.Samples.Where(s => s.Name.StartsWith("servingfabric_cache_", StringComparison.Ordinal)).Select(s => s.Name).Distinct().ToList();
        return Verdict.PassIf(cache.Count > 0, $"the response cache is on and measured ({string.Join(", ", cache)}); it answers models declared deterministic",
            "no servingfabric_cache_* metric: the response cache is off (ServingFabric:ResponseCache:Enabled)", cache);
    }

    internal static Verdict AccuracyKept(EvidenceSet e)
    {
        if (!e.Fabric.Events.IsAvailable)
        {
            return Missing.Source(e.Fabric.Events, Missing.LiveFabric);
        }

        var optimized = OptimizedRegistrations(e).ToList();
        if (optimized.Count == 0)
        {
            return Verdict.NotEvidenced("no optimized version in the event log, so no accuracy gate result", Optimize);
        }

        // fabric models optimize registers only a candidate that passed its accuracy gate; its reason carries the gate's figures.
        var gated = optimized.Where(x => x.Message.Contains("top-1 agreement", StringComparison.Ordinal)).ToList();
        return Verdict.PassIf(gated.Count == optimized.Count, "every optimized version passed the accuracy gate (top-1 agreement, cosine similarity)",
            "an optimized version carries no accuracy gate result", optimized.Select(x => $"{x.Model}: {x.Message}"));
    }

    private static IEnumerable<Contracts.Events.EventResponse> OptimizedRegistrations(EvidenceSet e) =>
        (e.Fabric.Events.Value ?? []).Where(x => x.Kind == "VersionRegistered" && x.Message.Contains(OptimizedMarker, StringComparison.Ordinal));
}
