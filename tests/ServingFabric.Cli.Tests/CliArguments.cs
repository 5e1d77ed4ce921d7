namespace ServingFabric.Cli.Tests;

/// <summary>
/// The command line as the tests look at it: parsing, the command list and the overview, all from fabric's
/// System.CommandLine tree (<see cref="FabricCommandLine"/>).
/// </summary>
internal static class CliArguments
{
    public const string DefaultUrl = FabricCommandLine.DefaultUrl;

    /// <summary>Every command that does something, by the verbs typed (such as "versions register").</summary>
    public static IReadOnlyList<(string Name, LeafCommand Command)> Commands =>
        [.. new FabricCommandLine().Leaves.Select(leaf => (leaf.Path, leaf))];

    /// <summary>What <c>fabric help</c> prints.</summary>
    public static string Usage
    {
        get
        {
            using var text = new StringWriter { NewLine = "\n" };
            HelpTopics.Write(new FabricCommandLine(), null, text);
            return text.ToString();
        }
    }

    public static CliCommand Parse(IReadOnlyList<string> args, string? urlFromEnvironment = null, string? apiKeyFromEnvironment = null, string? actorFromEnvironment = null) =>
        new FabricCommandLine().Parse(args, urlFromEnvironment, apiKeyFromEnvironment, actorFromEnvironment);
}
