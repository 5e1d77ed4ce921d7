using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ServingFabric.Hosting.Logging;

/// <summary>
/// One JSON object per line for log collectors: UTC timestamp, level, category, event id, the rendered message, the
/// message's named values (model, version, replica... as each log line names them), the scopes' values (request id,
/// client request id), the trace and span ids of the current trace, the silo's name and the exception. Selected by
/// <c>ServingFabric:Logging:Format=json</c>.
/// </summary>
internal sealed class FabricJsonConsoleFormatter(string silo) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "servingfabric-json";

    // Log lines are not HTML: quotes and angle brackets stay readable (JSON escapes what it must).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", LevelName(logEntry.LogLevel));
            json.WriteString("category", logEntry.Category);
            json.WriteNumber("event_id", logEntry.EventId.Id);
            if (logEntry.EventId.Name is { } eventName)
            {
                json.WriteString("event", eventName);
            }

            json.WriteString("message", message);
            json.WriteString("silo", silo);
            if (Activity.Current is { } activity && activity.TraceId != default)
            {
                json.WriteString("trace_id", activity.TraceId.ToHexString());
                json.WriteString("span_id", activity.SpanId.ToHexString());
            }

            WriteValues(json, "state", logEntry.State as IEnumerable<KeyValuePair<string, object?>>);
            WriteScopes(json, scopeProvider);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteScopes(Utf8JsonWriter json, IExternalScopeProvider? scopeProvider)
    {
        if (scopeProvider is null)
        {
            return;
        }

        var written = false;
        scopeProvider.ForEachScope(
            (scope, writer) =>
            {
                if (scope is not IEnumerable<KeyValuePair<string, object?>> values)
                {
                    return;
                }

                if (!written)
                {
                    writer.WriteStartObject("scope");
                    written = true;
                }

                WriteProperties(writer, values);
            },
            json);
        if (written)
        {
            json.WriteEndObject();
        }
    }

    private static void WriteValues(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, object?>>? values)
    {
        if (values is null)
        {
            return;
        }

        json.WriteStartObject(name);
        WriteProperties(json, values);
        json.WriteEndObject();
    }

    // "{OriginalFormat}" is the template, not a value; every other value is written as text (its invariant form).
    private static void WriteProperties(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>> values)
    {
        foreach (var (key, value) in values)
        {
            if (key == "{OriginalFormat}")
            {
                continue;
            }

            json.WritePropertyName(key);
            switch (value)
            {
                case null:
                    json.WriteNullValue();
                    break;
                case bool flag:
                    json.WriteBooleanValue(flag);
                    break;
                case int or long or double or float or decimal or short or byte or uint or ulong:
                    json.WriteRawValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, skipInputValidation: false);
                    break;
                default:
                    json.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "information",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };
}
