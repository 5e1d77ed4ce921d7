namespace ServingFabric.Hosting.Tracing;

/// <summary>
/// Traces (section <c>ServingFabric:Tracing</c>). Off in the embedded default; on when <see cref="Exporter"/> is
/// <c>otlp</c>, or when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and <see cref="Exporter"/> is not
/// <c>none</c>. The OTLP exporter then reads the standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>_PROTOCOL</c>, <c>_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_BSP_*</c>)
/// from the environment or configuration.
/// </summary>
public sealed class TracingOptions
{
    public const string SectionName = "ServingFabric:Tracing";

    /// <summary><c>otlp</c>, <c>none</c>, or empty (otlp exactly when an OTLP endpoint is configured).</summary>
    public string? Exporter { get; set; }

    /// <summary>
    /// The share of new traces recorded, 0 to 1 (parent-based: a caller's sampled or unsampled <c>traceparent</c>
    /// decides for its trace). Empty leaves sampling to <c>OTEL_TRACES_SAMPLER</c> / <c>_ARG</c>, else everything.
    /// </summary>
    public double? SampleRatio { get; set; }
}
