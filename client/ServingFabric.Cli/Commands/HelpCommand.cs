using System.CommandLine;

namespace ServingFabric.Cli;

/// <summary><c>fabric help [command]</c>, <c>--help</c>, or no arguments.</summary>
/// <param name="Url">The gateway (unused).</param>
internal sealed record HelpCommand(Uri Url) : CliCommand(Url)
{
    /// <summary>The command whose help is shown; null: the overview of every command.</summary>
    public Command? Topic { get; init; }
}
