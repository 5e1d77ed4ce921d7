using System.Net;

namespace ServingFabric.Cli.Tests;

/// <summary><c>fabric experiment get --watch</c> on a scripted gateway and a clock the test moves.</summary>
public sealed class ExperimentWatchTests
{
    [Fact]
    public async Task Watch_ReleasePromoted_RefreshesUntilItEndsAndExitsZero()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler(
            (HttpStatusCode.OK, SampleRelease.CanaryJson()),
            (HttpStatusCode.OK, SampleRelease.CanaryJson()),
            (HttpStatusCode.OK, SampleRelease.CanaryJson("Promoted")));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment, "experiment", "get", "iris", "--watch", "--interval", "2");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], clock.Waits);
        Assert.Contains("refresh 1 at 12:00:00 UTC; next in 2 s (Ctrl+C stops watching, not the release)", output, StringComparison.Ordinal);
        Assert.Contains("refresh 2 at 12:00:02 UTC", output, StringComparison.Ordinal);
        Assert.EndsWith("the release ended: promoted; the candidate serves\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ReleaseRolledBack_ExitsThree()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.CanaryJson("RolledBack")));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment, "experiment", "get", "iris", "--watch");

        Assert.Equal(FabricCommand.ReleaseNotPromoted, code);
        Assert.Empty(clock.Waits);
        Assert.EndsWith("the release ended: rolled_back; the control keeps serving\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_StillRunningAtTimeout_ExitsFourAfterWaitingNoLongerThanTheTimeout()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.CanaryJson()));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment, "experiment", "get", "iris", "--watch", "--interval", "4", "--timeout", "10");

        Assert.Equal(FabricCommand.WatchTimedOut, code);
        Assert.Equal([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)], clock.Waits);
        Assert.EndsWith("still running after 10 s (--timeout); stopped watching, the release goes on\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_CtrlC_Exits130WithoutTouchingTheRelease()
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
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.CanaryJson()));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, environment, interrupt.Token, "experiment", "get", "iris", "--watch");

        Assert.Equal(FabricCommand.Interrupted, code);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
        Assert.StartsWith("fabric: interrupted", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Interactive_RedrawsInPlace()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.CanaryJson("Promoted")));

        var (_, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment with { Interactive = true }, "experiment", "get", "iris", "--watch");

        Assert.StartsWith("\u001b[H\u001b[2Jcanary rel-7", output, StringComparison.Ordinal);
    }
}
