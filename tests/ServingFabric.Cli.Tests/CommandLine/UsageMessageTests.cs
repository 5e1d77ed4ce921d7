namespace ServingFabric.Cli.Tests.CommandLine;

/// <summary>Mistakes the System.CommandLine tree finds are told in fabric's words: what was wrong, what to type.</summary>
public sealed class UsageMessageTests
{
    [Theory]
    [InlineData("-o json", "give a command, as in: fabric models get iris")]
    [InlineData("completion fish", "fabric has no completion script for 'fish'; give bash or zsh")]
    [InlineData("versions register iris 2 --artifact a --sha256 b --timeout 5", "--timeout only applies with --wait")]
    [InlineData("events --follow --timeout 0", "--timeout must be above 0 and at most a week")]
    [InlineData("models get iris --output", "option '--output' needs a value")]
    public void Parse_Mistake_SaysWhatToType(string commandLine, string expected)
    {
        var error = Assert.Throws<CliUsageException>(() => CliArguments.Parse(commandLine.Split(' ')));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MistakeInOneCommand_ShowsThatCommandsUsageAndExample()
    {
        var handler = new RecordingHandler((System.Net.HttpStatusCode.OK, "{}"));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment(null, null), "events", "--after", "x");

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.EndsWith("usage: fabric events [options]; 'fabric help events' shows its options\nexample: fabric events --model iris\n", error, StringComparison.Ordinal);
    }
}
