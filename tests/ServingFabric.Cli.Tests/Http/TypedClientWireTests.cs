using System.Net;
using System.Text.Json.Nodes;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;

namespace ServingFabric.Cli.Tests.Http;

/// <summary>Changes go through the SDK's typed client: what reaches the gateway is exactly the body the options built.</summary>
public sealed class TypedClientWireTests
{
    public static TheoryData<string, string> Changes => new()
    {
        { "traffic set iris --no-mirror --reason stop", SampleModel.Json },
        { "traffic set iris --weights 1=90,2=10 --mirror 3=5", SampleModel.Json },
        { "fault set iris 2 --abort-percent 20 --abort-status 500 --delay-ms 250 --reason drill", SampleModel.Json },
        { "ab start iris 2 --control 1 --treatment-percent 30 --metric latency --min-samples 100", SampleRelease.CanaryJson() },
        { "scaling set iris --min 2 --max 8 --queue-timeout-seconds 1.5", SampleRelease.ScalingJson },
        { "versions register iris 2 --artifact /in/m.onnx --sha256 abc --default", Registered },
        { "versions retire iris 1 --reason old", SampleRelease.VersionsJson },
        { "pause iris --reason look", SampleRelease.CanaryJson() },
    };

    private static string Registered =>
        System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Version("iris", SampleRelease.Versions[1]), ManagementJsonContext.Default.VersionResponse));

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task RunAsync_Change_SendsTheBuiltBodyToItsPath(string commandLine, string answer)
    {
        var change = Assert.IsType<ChangeCommand>(CliArguments.Parse(commandLine.Split(' ')));
        var handler = new RecordingHandler((HttpStatusCode.OK, answer));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", "alice"), commandLine.Split(' '));

        Assert.True(code == FabricCommand.Ok, error);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(change.Method, request.Method);
        Assert.Equal(new Uri(new Uri("http://gw:8080"), change.Path), request.Uri);
        Assert.True(JsonNode.DeepEquals(change.Body, request.Body is null ? null : JsonNode.Parse(request.Body)), $"built {change.Body?.ToJsonString()}, sent {request.Body}");
    }
}
