using System.CommandLine;
using System.CommandLine.Help;

namespace ServingFabric.Cli;

/// <summary>
/// Help, written by System.CommandLine from the command tree: <c>fabric help</c> (or no arguments) lists every command
/// with its arguments, the global options and the exit codes; <c>fabric help versions register</c> or
/// <c>fabric versions register --help</c> shows one command with its options and an example.
/// </summary>
internal static class HelpTopics
{
    private const string ExitCodes = """
        exit codes: 0 done; 1 the gateway refused or could not be reached, or a key or keys file could not be used;
                    2 wrong command line;
                    with --watch or --wait: 3 the release ended without promotion, 4 --timeout passed; 130 Ctrl+C
        """;

    public static Command Command()
    {
        var topic = new Argument<string[]>("command") { Description = "the command to explain, such as: versions register", Arity = ArgumentArity.ZeroOrMore };
        return new Command("help", "this overview, or one command's options and an example") { topic };
    }

    /// <summary>A help command when help was asked for (no arguments, <c>help</c>, -h or --help anywhere); null otherwise.</summary>
    public static HelpCommand? Requested(FabricCommandLine commandLine, ParseResult parse)
    {
        var url = new Uri(FabricCommandLine.DefaultUrl);
        if (parse.Tokens.Count == 0)
        {
            return new HelpCommand(url);
        }

        if (parse.CommandResult.Command.Name == "help" && parse.CommandResult.Command.Parents.FirstOrDefault() is RootCommand)
        {
            var words = parse.CommandResult.Tokens.Select(t => t.Value).ToList();
            Command? topic = commandLine.Root;
            foreach (var word in words)
            {
                topic = topic?.Subcommands.FirstOrDefault(c => c.Name == word);
            }

            return new HelpCommand(url) { Topic = topic is RootCommand ? null : topic };
        }

        return parse.Action is HelpAction
            ? new HelpCommand(url) { Topic = parse.CommandResult.Command is RootCommand ? null : parse.CommandResult.Command }
            : null;
    }

    /// <summary>
    /// The overview lists every command with its arguments (System.CommandLine's own root help shows only the first
    /// word of each); one command's help is System.CommandLine's, followed by an example.
    /// </summary>
    public static void Write(FabricCommandLine commandLine, Command? topic, TextWriter output)
    {
        if (topic is null)
        {
            WriteOverview(commandLine, output);
            return;
        }

        var path = topic.Parents.OfType<Command>().Where(p => p is not RootCommand).Select(p => p.Name).Append(topic.Name);
        commandLine.Root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output });
        if (topic is LeafCommand leaf)
        {
            output.WriteLine($"Example:\n  {leaf.Example}\n");
        }
    }

    private static void WriteOverview(FabricCommandLine commandLine, TextWriter output)
    {
        output.WriteLine("usage: fabric <command> [options]; 'fabric help <command>' shows one command's options and an example");
        output.WriteLine();
        output.WriteLine("commands:");
        WriteColumns(output, [.. commandLine.Leaves.Select(leaf => ($"fabric {leaf.Path} {leaf.Placeholders}".TrimEnd(), leaf.Description ?? ""))]);
        output.WriteLine("  every change takes --reason TEXT, recorded with who acted in the event log");
        output.WriteLine();
        output.WriteLine("options of every command:");
        WriteColumns(output, [.. commandLine.Root.Options.Where(o => o.Recursive && !o.Hidden && o is not HelpOption)
            .Select(o => ($"{string.Join(", ", o.Aliases.Prepend(o.Name))} <{o.HelpName}>", o.Description ?? ""))
            .Append(("-h, --help", "this overview; after a command, that command's options and an example"))]);
        output.WriteLine();
        output.WriteLine(ExitCodes);
    }

    private static void WriteColumns(TextWriter output, IReadOnlyList<(string First, string Second)> rows)
    {
        var width = rows.Max(r => r.First.Length) + 2;
        foreach (var (first, second) in rows)
        {
            output.WriteLine($"  {first.PadRight(width)}{second}".TrimEnd());
        }
    }
}
