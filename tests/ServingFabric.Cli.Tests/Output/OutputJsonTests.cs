using System.Net;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli.Tests.Output;

/// <summary>--output json on every read command prints the gateway's JSON as it came, for scripts.</summary>
public sealed class OutputJsonTests
{
    public static TheoryData<string, string> Reads => new()
    {
        { "models get iris --output json", SampleModel.Json },
        { "events --model iris -o json", SampleEvents.Json(("iris", [SampleEvents.Event(1, "one"), SampleEvents.Event(2, "two")])) },
        { "versions list iris --output json", SampleRelease.VersionsJson },
        { "experiment get iris --output=json", SampleRelease.CanaryJson() },
        { "scaling get iris -o json", SampleRelease.ScalingJson },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task RunAsync_ReadWithOutputJson_PrintsTheGatewaysJson(string commandLine, string served)
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, served));

        var (code, output, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment(null, null), commandLine.Split(' '));

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Empty(error);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(served), JsonNode.Parse(output)), output);
    }

    [Fact]
    public async Task RunAsync_ChangeWithOutputJson_PrintsTheAnswer()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.CanaryJson()));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null), "promote", "iris", "-o", "json");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal("rel-7", JsonNode.Parse(output)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_OutputNeitherTableNorJson_SaysWhatToGiveWithoutRequest()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, "{}"));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment(null, null), "models", "get", "iris", "-o", "yaml");

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.StartsWith("fabric: --output got 'yaml'; give table or json, as in --output json", error, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task RunAsync_TableOutputRedirected_HasNoControlCodesOrTrailingBlanks()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleModel.Json));

        var (_, output, _) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment(null, null), "models", "get", "iris");

        Assert.DoesNotContain('\u001b', output);
        Assert.All(output.Split('\n'), line => Assert.Equal(line.TrimEnd(), line));
    }
}
