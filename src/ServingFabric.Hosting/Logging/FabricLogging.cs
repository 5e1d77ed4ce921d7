using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using ServingFabric.Gateway.Operator;

namespace ServingFabric.Hosting.Logging;

/// <summary>
/// The console log's format, <c>ServingFabric:Logging:Format</c>: <c>text</c> (the default, for people) or <c>json</c>
/// (one object per line, see <see cref="FabricJsonConsoleFormatter"/>, for log collectors).
/// </summary>
public static class FabricLogging
{
    public const string FormatKey = "ServingFabric:Logging:Format";

    public static void AddServingFabricLogFormat(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var format = configuration[FormatKey];
        if (string.IsNullOrWhiteSpace(format) || string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{FormatKey} is '{format}'; use 'text' (the default) or 'json' (one JSON object per line)");
        }

        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter>(new FabricJsonConsoleFormatter(SiloName.Current)));
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = FabricJsonConsoleFormatter.FormatterName);
        logging.Configure(o => o.ActivityTrackingOptions |= ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
    }
}
