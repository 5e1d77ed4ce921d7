namespace ServingFabric.Cli.Tests.CommandLine;

public sealed class CliArgumentsTests
{
    [Fact]
    public void Parse_ModelsGetWithUrl_ReturnsCommand()
    {
        var command = CliArguments.Parse(["models", "get", "iris", "--url", "http://10.0.0.5:8080"]);

        var get = Assert.IsType<GetModelCommand>(command);
        Assert.Equal("iris", get.Model);
        Assert.Equal(new Uri("http://10.0.0.5:8080"), get.Url);
    }

    [Fact]
    public void Parse_NoUrl_UsesEnvironmentThenDefault()
    {
        Assert.Equal(new Uri("http://gw:9000"), CliArguments.Parse(["models", "get", "iris"], "http://gw:9000").Url);
        Assert.Equal(new Uri(CliArguments.DefaultUrl), CliArguments.Parse(["models", "get", "iris"]).Url);
    }

    [Fact]
    public void Parse_EventsWithModelAndAfter_ReturnsCommand()
    {
        var command = CliArguments.Parse(["events", "--model=iris", "--after", "41"]);

        Assert.Equal(new ListEventsCommand(new Uri(CliArguments.DefaultUrl), "iris", 41), command);
    }

    [Theory]
    [InlineData("")]
    [InlineData("help")]
    [InlineData("models --help")]
    public void Parse_HelpOrNothing_ReturnsHelp(string commandLine) =>
        Assert.IsType<HelpCommand>(CliArguments.Parse(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    [Theory]
    [InlineData(new[] { "models", "get" }, "needs a model name")]
    [InlineData(new[] { "models", "list" }, "did you mean one of 'fabric models get <name>', 'fabric models optimize <model>'")]
    [InlineData(new[] { "deploy" }, "unknown command 'deploy'")]
    [InlineData(new[] { "models", "get", "iris", "--zone", "a" }, "unknown option '--zone'")]
    [InlineData(new[] { "models", "get", "iris", "--url" }, "option '--url' needs a value")]
    [InlineData(new[] { "models", "get", "iris", "--model", "x" }, "option '--model' does not apply to 'fabric models get'")]
    [InlineData(new[] { "models", "get", "iris", "--url", "ftp://x" }, "is not an http(s) URL")]
    [InlineData(new[] { "events", "--after", "-3" }, "--after '-3' is not a sequence number")]
    [InlineData(new[] { "events", "iris" }, "use 'fabric events --model iris'")]
    [InlineData(new[] { "events", "--model", "a", "--model", "b" }, "given twice")]
    public void Parse_Mistake_ThrowsMessageSayingWhatToDo(string[] args, string expected)
    {
        var error = Assert.Throws<CliUsageException>(() => CliArguments.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
