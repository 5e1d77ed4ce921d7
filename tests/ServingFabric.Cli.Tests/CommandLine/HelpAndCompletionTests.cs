using System.Net;

namespace ServingFabric.Cli.Tests.CommandLine;

/// <summary>Help and shell completion come from the System.CommandLine tree, so they list every command there is.</summary>
public sealed class HelpAndCompletionTests
{
    [Fact]
    public async Task RunAsync_Help_ListsEveryCommandWithItsArguments()
    {
        var (code, output, _) = await RunAsync("help");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.All(new FabricCommandLine().Leaves, leaf => Assert.Contains($"fabric {leaf.Path} {leaf.Placeholders}".TrimEnd(), output, StringComparison.Ordinal));
        Assert.Contains("--output, -o <table|json>", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HelpOfOneCommand_ShowsItsOptionsAndAnExample()
    {
        var (code, output, _) = await RunAsync("versions", "register", "--help");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Contains("fabric versions register <model> <version> [options]", output, StringComparison.Ordinal);
        Assert.Contains("--artifact <artifact>", output, StringComparison.Ordinal);
        Assert.Contains("--wait", output, StringComparison.Ordinal);
        Assert.Contains("Example:\n  fabric versions register iris 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SuggestDirectiveOnEmptyLine_ListsEveryTopLevelCommand()
    {
        var (code, output, _) = await SuggestAsync("fabric ");

        Assert.Equal(FabricCommand.Ok, code);
        var suggestions = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(new FabricCommandLine().Root.Subcommands, command => Assert.Contains(command.Name, suggestions));
    }

    [Fact]
    public async Task RunAsync_SuggestDirectiveAfterGroup_ListsItsCommands()
    {
        var (_, output, _) = await SuggestAsync("fabric versions ");

        var suggestions = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["default", "list", "register", "retire"], suggestions.Where(s => !s.StartsWith('-') && !s.StartsWith('/')).ToArray());
    }

    [Fact]
    public async Task RunAsync_SuggestDirectiveForOutput_OffersTableAndJson()
    {
        var (_, output, _) = await SuggestAsync("fabric models get iris -o ");

        Assert.Equal(["json", "table"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task RunAsync_CompletionBash_PrintsAScriptThatAsksFabric()
    {
        var (code, output, _) = await RunAsync("completion", "bash");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Contains("fabric \"[suggest:${COMP_POINT}]\" \"${COMP_LINE}\"", output, StringComparison.Ordinal);
        Assert.Contains("complete -o default -F _fabric_complete fabric", output, StringComparison.Ordinal);
    }

    // What a shell's completion function sends: the directive with the cursor position, then the line typed so far.
    private static Task<(int Code, string Output, string Error)> SuggestAsync(string line) => RunAsync($"[suggest:{line.Length}]", line);

    private static Task<(int Code, string Output, string Error)> RunAsync(params string[] args) =>
        ManagementCommandTests.RunAsync(new RecordingHandler((HttpStatusCode.OK, "{}")), ManagementCommandTests.Environment(null, null), args);
}
