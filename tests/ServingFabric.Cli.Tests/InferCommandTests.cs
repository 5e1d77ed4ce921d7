using System.Text.Json;

namespace ServingFabric.Cli.Tests;

/// <summary>fabric infer against a real in-process silo, over HTTP and over gRPC.</summary>
public sealed class InferCommandTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private const string Body = """{"id":"cli-1","inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2,6.7,3.0,5.2,2.3]}]}""";

    [Fact]
    public async Task Infer_OverGrpc_AnswersAsOverHttp()
    {
        var (grpcCode, grpcOutput, grpcError) = await RunAsync("infer", "iris", "--data", Body, "--transport", "grpc", "--grpc-url", silo.GrpcAddress.ToString(), "-o", "json");
        var (httpCode, httpOutput, httpError) = await RunAsync("infer", "iris", "--data", Body, "-o", "json");

        Assert.True(grpcCode == FabricCommand.Ok, $"exit {grpcCode}: {grpcError}");
        Assert.True(httpCode == FabricCommand.Ok, $"exit {httpCode}: {httpError}");
        using var overGrpc = JsonDocument.Parse(grpcOutput);
        using var overHttp = JsonDocument.Parse(httpOutput);
        Assert.Equal("cli-1", overGrpc.RootElement.GetProperty("id").GetString());
        Assert.Equal(Outputs(overHttp), Outputs(overGrpc));
        Assert.Equal(["probabilities", "label"], Outputs(overGrpc).Keys);
    }

    [Fact]
    public async Task Infer_Table_ShowsEveryOutputWithDatatypeAndShape()
    {
        var (code, output, error) = await RunAsync("infer", "iris", "--data", Body, "--transport", "grpc", "--grpc-url", silo.GrpcAddress.ToString(), "--model-version", "1");

        Assert.True(code == FabricCommand.Ok, $"exit {code}: {error}");
        var lines = output.Split('\n');
        Assert.Equal("model iris version 1 id cli-1", lines[0]);
        Assert.Matches(@"^OUTPUT\s+DATATYPE\s+SHAPE\s+VALUES$", lines[1]);
        Assert.Matches(@"^probabilities\s+FP32\s+\[2,3\]\s+\S+ \S+ \S+ \S+ \S+ \S+$", lines[2]);
        Assert.Matches(@"^label\s+INT64\s+\[2\]\s+[0-2] [0-2]$", lines[3]);
    }

    [Fact]
    public async Task Infer_UnknownModelOverGrpc_FailsWithTheGatewaysReason()
    {
        var (code, _, error) = await RunAsync("infer", "nosuch", "--data", Body, "--transport", "grpc", "--grpc-url", silo.GrpcAddress.ToString());

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Contains("(NotFound): unknown model 'nosuch'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_InputTheModelLacksOverGrpc_FailsNamingIt()
    {
        var body = Body.Replace("\"name\":\"input\"", "\"name\":\"features\"", StringComparison.Ordinal);

        var (code, _, error) = await RunAsync("infer", "iris", "--data", body, "--transport", "grpc", "--grpc-url", silo.GrpcAddress.ToString());

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Contains("(InvalidInput)", error, StringComparison.Ordinal);
        Assert.Contains("features", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("infer iris", "fabric infer needs the request, in --data or --data-file")]
    [InlineData("infer iris --data {", "the request is not an inference request")]
    [InlineData("infer iris --data-file /no/such/file.json", "--data-file: cannot read '/no/such/file.json'")]
    [InlineData("infer iris --data {} --data-file a.json", "--data and --data-file are both given")]
    [InlineData("infer iris --data {\"inputs\":[]} --transport udp", "--transport 'udp' is not http or grpc")]
    [InlineData("infer iris --data {\"inputs\":[]} --grpc-url http://a:1", "--grpc-url only applies with --transport grpc")]
    [InlineData("infer iris --data {\"inputs\":[]} --transport grpc --grpc-url ftp://a", "is not an http(s) URL")]
    public void Parse_InferMistake_SaysWhatToType(string commandLine, string expected)
    {
        var error = Assert.Throws<CliUsageException>(() => CliArguments.Parse(commandLine.Split(' ')));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Outputs(JsonDocument answer) =>
        answer.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o.GetProperty("data").GetRawText());

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(silo.Address.ToString(), null, "cli-test", TimeProvider.System, Task.Delay, Interactive: false);
        var code = await FabricCommand.RunAsync(args, http, output, error, environment, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
