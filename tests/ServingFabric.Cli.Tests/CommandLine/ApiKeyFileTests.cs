using System.Net;

namespace ServingFabric.Cli.Tests.CommandLine;

/// <summary>--api-key-file and FABRIC_API_KEY_FILE: the key read from a file and sent, conflicts refused, help recommending the file.</summary>
public sealed class ApiKeyFileTests : IDisposable
{
    private const string FileKey = "sf_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly string _folder = Directory.CreateTempSubdirectory("sf-cli-key-").FullName;

    public ApiKeyFileTests()
    {
        KeyFile = Path.Combine(_folder, "key");
        File.WriteAllText(KeyFile, FileKey + "\n");
    }

    private string KeyFile { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Run_ApiKeyFileOption_SendsTheFilesKeyOverTheEnvironmentsKey()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, """{"events": []}"""));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k-env", null), "events", "--api-key-file", KeyFile);

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Empty(error);
        Assert.Equal($"Bearer {FileKey}", Assert.Single(handler.Requests).Authorization);
    }

    [Fact]
    public async Task Run_ApiKeyFileVariable_SendsTheFilesKey()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, """{"events": []}"""));
        var environment = ManagementCommandTests.Environment(null, null) with { ApiKeyFile = KeyFile };

        var (code, _, _) = await ManagementCommandTests.RunAsync(handler, environment, "events");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal($"Bearer {FileKey}", Assert.Single(handler.Requests).Authorization);
    }

    [Fact]
    public async Task Run_ApiKeyFileMissing_FailsNamingTheFileWithoutARequest()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, """{"events": []}"""));
        var missing = Path.Combine(_folder, "absent");

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment(null, null), "events", "--api-key-file", missing);

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Equal($"fabric: --api-key-file (or FABRIC_API_KEY_FILE) '{missing}' does not exist; write the key there (as 'fabric keys create' printed it) or fix the path.\n", error);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Run_KeyWithoutScope403_SaysWhichScopeToCreate()
    {
        var handler = new RecordingHandler((HttpStatusCode.Forbidden, """{"error": "key 'reader' lacks scope 'manage'"}"""));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment(null, null), "pause", "iris", "--api-key-file", KeyFile);

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Equal("fabric: POST /v1/models/iris/pause answered 403: key 'reader' lacks scope 'manage' (the key lacks scope 'manage': use a key made with 'fabric keys create --scope manage')\n", error);
    }

    [Fact]
    public void Parse_ApiKeyAndApiKeyFile_UsageError()
    {
        var refused = Assert.Throws<CliUsageException>(() => CliArguments.Parse(["events", "--api-key", "k", "--api-key-file", KeyFile]));

        Assert.Equal("--api-key and --api-key-file are both given; give one (--api-key-file keeps the key out of the process list)", refused.Message);
    }

    [Fact]
    public void Parse_BothVariablesSet_UsageErrorUnlessAnOptionChooses()
    {
        var refused = Assert.Throws<CliUsageException>(() => new FabricCommandLine().Parse(["events"], null, "k-env", null, KeyFile));
        var chosen = new FabricCommandLine().Parse(["events", "--api-key-file", KeyFile], null, "k-env", null, "/elsewhere");

        Assert.Equal("FABRIC_API_KEY and FABRIC_API_KEY_FILE are both set; unset one (or give --api-key-file to choose)", refused.Message);
        Assert.Equal(KeyFile, chosen.ApiKeyFile);
        Assert.Null(chosen.ApiKey);
    }

    [Fact]
    public void Usage_ApiKeyOptions_RecommendTheFileOrVariable()
    {
        var usage = CliArguments.Usage;

        Assert.Contains("Prefer --api-key-file or the variable: a key typed here shows in the process list and shell history", usage, StringComparison.Ordinal);
        Assert.Contains("--api-key-file <api-key-file>", usage, StringComparison.Ordinal);
        Assert.Contains("fabric keys create", usage, StringComparison.Ordinal);
    }
}
