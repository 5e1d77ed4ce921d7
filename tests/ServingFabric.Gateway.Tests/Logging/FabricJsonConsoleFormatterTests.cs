using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Hosting.Logging;

namespace ServingFabric.Gateway.Tests.Logging;

public sealed class FabricJsonConsoleFormatterTests
{
    [Fact]
    public void Write_LogLineInTraceAndScope_OneJsonObjectWithValuesTraceAndSilo()
    {
        var formatter = new FabricJsonConsoleFormatter("silo-a");
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object?> { ["RequestId"] = "r-1" });
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var state = new Dictionary<string, object?> { ["Model"] = "iris", ["Version"] = "1", ["Rows"] = 4, ["{OriginalFormat}"] = "{Model} {Version} {Rows}" };
        using var writer = new StringWriter();

        formatter.Write(new LogEntry<Dictionary<string, object?>>(
            LogLevel.Warning, "ServingFabric.Test", new EventId(7, "Seven"), state, new InvalidOperationException("boom"), (s, _) => "iris 1 failed"), scopes, writer);

        var line = writer.ToString();
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("warning", root.GetProperty("level").GetString());
        Assert.Equal("ServingFabric.Test", root.GetProperty("category").GetString());
        Assert.Equal(7, root.GetProperty("event_id").GetInt32());
        Assert.Equal("iris 1 failed", root.GetProperty("message").GetString());
        Assert.Equal("silo-a", root.GetProperty("silo").GetString());
        Assert.Equal(activity.TraceId.ToHexString(), root.GetProperty("trace_id").GetString());
        Assert.Equal("iris", root.GetProperty("state").GetProperty("Model").GetString());
        Assert.Equal(4, root.GetProperty("state").GetProperty("Rows").GetInt32());
        Assert.False(root.GetProperty("state").TryGetProperty("{OriginalFormat}", out _));
        Assert.Equal("r-1", root.GetProperty("scope").GetProperty("RequestId").GetString());
        Assert.Contains("boom", root.GetProperty("exception").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public void AddServingFabricLogFormat_UnknownFormat_RefusedWithWhatToUse()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>(FabricLogging.FormatKey, "xml")]).Build();
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddLogging(logging => logging.AddServingFabricLogFormat(configuration)));

        Assert.Contains("'json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServingFabricLogFormat_Json_ConsoleUsesTheFabricFormatter()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>(FabricLogging.FormatKey, "json")]).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.AddConsole().AddServingFabricLogFormat(configuration));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().Value;

        Assert.Equal(FabricJsonConsoleFormatter.FormatterName, options.FormatterName);
        Assert.Contains(provider.GetServices<Microsoft.Extensions.Logging.Console.ConsoleFormatter>(), f => f is FabricJsonConsoleFormatter);
    }
}
