using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ServingFabric.Telemetry;

namespace ServingFabric.Hosting.Tracing;

/// <summary>
/// Registers the silo's tracer when <see cref="TracingOptions"/> turn it on: the fabric's sources per layer, the
/// HTTP server span, and Orleans' grain-call spans (activity propagation carries the trace from silo to silo), exported
/// over OTLP.
/// </summary>
public static class TracingRegistration
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The sources a tracer of a silo listens to.</summary>
    public static IReadOnlyList<string> Sources { get; } =
        [.. FabricTracing.SourceNames, "Microsoft.AspNetCore", "Microsoft.Orleans.Application"];

    /// <summary>Whether traces are exported, and the options read (validated: a bad exporter name or ratio stops the start).</summary>
    public static TracingOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(TracingOptions.SectionName).Get<TracingOptions>() ?? new TracingOptions();
        if (options.Exporter is { Length: > 0 } exporter && !IsOtlp(exporter) && !IsNone(exporter))
        {
            throw new InvalidOperationException(
                $"{TracingOptions.SectionName}:Exporter is '{exporter}'; use 'otlp' (export traces over OTLP), 'none', or leave it empty (otlp when {OtlpEndpointVariable} is set)");
        }

        if (options.SampleRatio is { } ratio && (double.IsNaN(ratio) || ratio < 0 || ratio > 1))
        {
            throw new InvalidOperationException($"{TracingOptions.SectionName}:SampleRatio is {ratio}; it must be between 0 and 1");
        }

        return options;
    }

    public static bool IsEnabled(IConfiguration configuration, TracingOptions options) => options.Exporter switch
    {
        { Length: > 0 } exporter => IsOtlp(exporter),
        _ => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]),
    };

    /// <summary>Adds tracing to the silo's OpenTelemetry when the settings ask for it.</summary>
    public static void AddServingFabricTracing(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Read(configuration);
        if (!IsEnabled(configuration, options))
        {
            return;
        }

        services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.AddSource([.. Sources]);
            if (options.SampleRatio is { } ratio)
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
            }

            tracing.AddOtlpExporter();
        });
    }

    private static bool IsOtlp(string exporter) => string.Equals(exporter, "otlp", StringComparison.OrdinalIgnoreCase);

    private static bool IsNone(string exporter) => string.Equals(exporter, "none", StringComparison.OrdinalIgnoreCase);
}
