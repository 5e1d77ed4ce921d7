using System.Net;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;
using ServingFabric.Models;
using ServingFabric.Scaling;

namespace ServingFabric.Cli.Tests;

/// <summary>--wait on a scripted gateway and a clock the test moves: polls until done, a release's end, or --timeout.</summary>
public sealed class WaitTests
{
    [Fact]
    public async Task Register_Wait_PollsUntilEveryReplicaOfTheVersionIsReady()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler(
            (HttpStatusCode.Created, RegisteredJson),
            (HttpStatusCode.OK, ModelWithVersionTwo(ReplicaState.Loading, ReplicaState.Loading)),
            (HttpStatusCode.OK, ModelWithVersionTwo(ReplicaState.Ready, ReplicaState.Loading)),
            (HttpStatusCode.OK, ModelWithVersionTwo(ReplicaState.Ready, ReplicaState.Ready)));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment,
            "versions", "register", "iris", "2", "--artifact", "/in/m.onnx", "--sha256", "abc", "--wait");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal([HttpMethod.Post, HttpMethod.Get, HttpMethod.Get, HttpMethod.Get], handler.Requests.Select(r => r.Method));
        Assert.Equal(new Uri("http://gw:8080/v1/models/iris"), handler.Requests[1].Uri);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], clock.Waits);
        Assert.EndsWith(
            "version 2 of iris: 0 of 2 replicas ready\nversion 2 of iris: 1 of 2 replicas ready\nversion 2 of iris: 2 of 2 replicas ready\n",
            output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CanaryStart_WaitReleaseRolledBack_ExitsThree()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler(
            (HttpStatusCode.Created, SampleRelease.CanaryJson()),
            (HttpStatusCode.OK, SampleRelease.CanaryJson()),
            (HttpStatusCode.OK, SampleRelease.CanaryJson("RolledBack")));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null) with { Time = clock, Delay = clock.Environment.Delay },
            "canary", "start", "iris", "2", "--wait");

        Assert.Equal(FabricCommand.ReleaseNotPromoted, code);
        Assert.Equal(new Uri("http://gw:8080/v1/models/iris/experiment"), handler.Requests[^1].Uri);
        Assert.EndsWith("release rel-7 of iris: rolled_back, candidate at 25 %\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScalingSet_WaitNeverScaled_ExitsFourAtTimeout()
    {
        var clock = new StepClock(SampleRelease.Started);
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.ScalingJson));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, clock.Environment,
            "scaling", "set", "iris", "--min", "3", "--wait", "--timeout", "5");

        Assert.Equal(FabricCommand.WatchTimedOut, code);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)], clock.Waits);
        Assert.Equal(2, output.Split("model iris: 3 of 4 wanted replicas serving\n").Length);
        Assert.EndsWith("still waiting after 5 s (--timeout): model iris: 3 of 4 wanted replicas serving; the change stands and goes on\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scaling set iris --min 2 --timeout 5", "--timeout only applies with --wait")]
    [InlineData("canary start iris 2 --wait --timeout 0", "--timeout must be above 0")]
    public void Parse_WaitMistake_SaysWhatToType(string commandLine, string expected)
    {
        var error = Assert.Throws<CliUsageException>(() => CliArguments.Parse(commandLine.Split(' ')));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ScalingSetWait_WaitsForTheScaleOut()
    {
        var change = Assert.IsType<ChangeCommand>(CliArguments.Parse(["scaling", "set", "iris", "--min", "2", "--wait", "--timeout", "30"]));

        Assert.Equal(new WaitTarget(WaitKind.ScaledOut, "iris"), change.Wait);
        Assert.Equal(TimeSpan.FromSeconds(30), change.WaitTimeout);
    }

    private static string RegisteredJson =>
        System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Version("iris", SampleRelease.Versions[1]), ManagementJsonContext.Default.VersionResponse));

    private static string ModelWithVersionTwo(params ReplicaState[] states) =>
        System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Model(SampleModel.Status with
        {
            Versions =
            [
                SampleModel.Status.Versions[0],
                new VersionStatus("2", [.. states.Select((state, i) => new ReplicaObservation(
                    $"iris/2/{i}", "S10.0.0.1:11111:1", "a", "a", state, ReplicaHealth.Healthy, null, 0, 0, SampleModel.Observed))]),
            ],
        }), ManagementJsonContext.Default.ModelResponse));
}
