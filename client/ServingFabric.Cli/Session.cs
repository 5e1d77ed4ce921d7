using Spectre.Console;

namespace ServingFabric.Cli;

/// <summary>What one run of fabric works with: the command tree (for help), the gateway, and where output goes.</summary>
/// <param name="CommandLine">The command tree.</param>
/// <param name="Api">The management API.</param>
/// <param name="Console">Tables, colours, live views and progress.</param>
/// <param name="Output">The same output, for JSON and help, which must not pass through Spectre's layout.</param>
/// <param name="Environment">Clock, waits, terminal.</param>
internal sealed record Session(FabricCommandLine CommandLine, IManagementApi Api, IAnsiConsole Console, TextWriter Output, CliEnvironment Environment);
