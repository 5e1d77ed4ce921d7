using System.Net;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli.Tests;

/// <summary><c>fabric events --follow</c> on a scripted gateway and a clock the test moves.</summary>
public sealed class EventsFollowTests
{
    [Fact]
    public async Task Follow_NewEventsArrive_PrintsEachOnceInOrderAndStopsAtTimeout()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler(
            (HttpStatusCode.OK, SampleEvents.Json(("iris", [SampleEvents.Event(1, "first"), SampleEvents.Event(2, "second")]))),
            (HttpStatusCode.OK, SampleEvents.Json(("iris", [SampleEvents.Event(3, "third")]))),
            (HttpStatusCode.OK, SampleEvents.Json(("iris", [SampleEvents.Event(4, "fourth")]))));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment,
            "events", "--model", "iris", "--follow", "--interval", "1", "--timeout", "2");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal(["after=0&model=iris", "after=2&model=iris", "after=3&model=iris"], handler.Requests.Select(r => r.Uri.Query.TrimStart('?')));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], clock.Waits);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("MODEL  SEQ", lines[0], StringComparison.Ordinal);
        Assert.Equal(["first", "second", "third", "fourth"], lines.Skip(1).Select(l => l.Split("  ")[^1].Trim()));
    }

    [Fact]
    public async Task Follow_EveryModel_KeepsOneCursorPerModel()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler(
            (HttpStatusCode.OK, SampleEvents.Json(("iris", [SampleEvents.Event(1, "iris one")]), ("ocr", [SampleEvents.Event(1, "ocr one")]))),
            (HttpStatusCode.OK, SampleEvents.Json(("iris", [SampleEvents.Event(1, "iris one"), SampleEvents.Event(2, "iris two")]), ("ocr", [SampleEvents.Event(1, "ocr one")]))));

        var (_, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment, "events", "--follow", "--interval", "1", "--timeout", "1");

        Assert.All(handler.Requests, r => Assert.Equal("?after=0", r.Uri.Query));
        Assert.Equal(1, CountOf(output, "iris one"));
        Assert.Equal(1, CountOf(output, "ocr one"));
        Assert.Equal(1, CountOf(output, "iris two"));
    }

    [Fact]
    public async Task Follow_OutputJson_PrintsOneEventPerLine()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler(
            (HttpStatusCode.OK, SampleEvents.Json(("iris", [SampleEvents.Event(1, "first")]))),
            (HttpStatusCode.OK, SampleEvents.Json(("iris", [SampleEvents.Event(2, "second")]))));

        var (_, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment, "events", "--model", "iris", "--follow", "--timeout", "2", "-o", "json");

        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal([1L, 2L], events.Select(e => e["sequence"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Follow_CtrlC_Exits130()
    {
        using var interrupt = new CancellationTokenSource();
        var environment = ManagementCommandTests.Environment(null, null) with
        {
            Delay = (_, token) =>
            {
                interrupt.Cancel();
                return Task.Delay(Timeout.InfiniteTimeSpan, token);
            },
        };
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleEvents.Json(("iris", [SampleEvents.Event(1, "first")]))));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, environment, interrupt.Token, "events", "--follow");

        Assert.Equal(FabricCommand.Interrupted, code);
        Assert.StartsWith("fabric: interrupted", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("events --timeout 5", "--interval and --timeout only apply with --follow")]
    [InlineData("events --follow --interval 0.1", "--interval must be 0.5 to 3600 seconds")]
    public void Parse_FollowMistake_SaysWhatToType(string commandLine, string expected)
    {
        var error = Assert.Throws<CliUsageException>(() => CliArguments.Parse(commandLine.Split(' ')));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
