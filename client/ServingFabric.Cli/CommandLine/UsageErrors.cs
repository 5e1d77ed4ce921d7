using System.CommandLine;
using System.CommandLine.Parsing;

namespace ServingFabric.Cli;

/// <summary>
/// Turns what System.CommandLine found wrong into one message that says what to type instead, checked in the order a
/// person reads a command line: options nobody knows, the command, its arguments, then the values.
/// </summary>
internal static class UsageErrors
{
    public static void ThrowIfAny(FabricCommandLine commandLine, ParseResult parse, IReadOnlyList<string> args)
    {
        var leaf = parse.CommandResult.Command as LeafCommand;
        if (SwitchWithValue(commandLine, args) is { } @switch)
        {
            throw new CliUsageException($"option '{@switch}' is a switch and takes no value; write just {@switch}");
        }

        foreach (var token in parse.UnmatchedTokens.Where(t => t.StartsWith('-') && t.Length > 1 && !char.IsAsciiDigit(t[1])))
        {
            var name = token.Split('=')[0];
            throw leaf is not null && KnownOptions(commandLine).Contains(name)
                ? new CliUsageException($"option '{name}' does not apply to 'fabric {leaf.Path}'")
                : new CliUsageException($"unknown option '{name}'; 'fabric help' lists the options of each command");
        }

        var extra = parse.UnmatchedTokens.Where(t => !t.StartsWith('-') || (t.Length > 1 && char.IsAsciiDigit(t[1]))).ToList();
        if (leaf is null)
        {
            var words = parse.Tokens.Where(t => t.Type == TokenType.Command).Select(t => t.Value).Concat(extra).ToList();
            throw UnknownCommand(commandLine, words);
        }

        if (leaf.Name == "events" && extra.Count > 0)
        {
            throw new CliUsageException($"unexpected argument '{extra[0]}'; use 'fabric events --model {extra[0]}'");
        }

        if (leaf.Arguments.FirstOrDefault(a => parse.GetResult(a) is not { Tokens.Count: > 0 }) is { } missing)
        {
            throw new CliUsageException($"'fabric {leaf.Path}' needs {missing.Description}, as in: {leaf.Example}");
        }

        if (extra.Count > 0)
        {
            throw new CliUsageException($"unexpected argument '{extra[0]}'; 'fabric {leaf.Path}' takes {leaf.Placeholders}, as in: {leaf.Example}");
        }

        // Options that collect several values (--scope) may repeat; any other repeated option is a conflict.
        if (OptionResults(parse).FirstOrDefault(o => o.IdentifierTokenCount > 1 && o.Option.Arity.MaximumNumberOfValues <= 1) is { } repeated)
        {
            throw new CliUsageException($"option '{repeated.IdentifierToken?.Value}' is given twice (--url and --gateway are the same option); give it once");
        }

        if (OptionResults(parse).FirstOrDefault(o => o.Tokens.Count == 0 && o.Option.Arity.MaximumNumberOfValues > 0 && !o.Implicit) is { } empty)
        {
            var typed = empty.IdentifierToken?.Value ?? empty.Option.Name;
            throw new CliUsageException($"option '{typed}' needs a value, as in {typed} {FabricOptions.ExampleOf(empty.Option)}");
        }

        if (parse.Errors.Count > 0)
        {
            throw new CliUsageException(parse.Errors[0].Message);
        }
    }

    private static CliUsageException UnknownCommand(FabricCommandLine commandLine, List<string> words)
    {
        if (words.Count == 0)
        {
            return new CliUsageException(
                $"give a command, as in: fabric models get iris; commands are {string.Join(", ", commandLine.Root.Subcommands.Select(c => c.Name))} ('fabric help' shows each)");
        }

        var group = commandLine.Leaves.Where(l => l.Parents.OfType<Command>().Any(p => p is not RootCommand && p.Name == words.FirstOrDefault())).ToList();
        if (group.Count == 0)
        {
            return new CliUsageException(
                $"unknown command '{words.FirstOrDefault()}'; commands are {string.Join(", ", commandLine.Root.Subcommands.Select(c => c.Name))} ('fabric help' shows each)");
        }

        var suggestions = group.Select(c => $"'fabric {c.Path} {c.Placeholders}'").ToList();
        return new CliUsageException(suggestions.Count == 1
            ? $"unknown command '{string.Join(' ', words)}'; did you mean {suggestions[0]}?"
            : $"unknown command '{string.Join(' ', words)}'; did you mean one of {string.Join(", ", suggestions)}?");
    }

    // System.CommandLine splits --name=value itself; for a switch the value would otherwise read as a stray word.
    private static string? SwitchWithValue(FabricCommandLine commandLine, IReadOnlyList<string> args) =>
        args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            .Select(a => a.Split('=')[0])
            .FirstOrDefault(name => AllOptions(commandLine).Any(o => o.Arity.MaximumNumberOfValues == 0 && (o.Name == name || o.Aliases.Contains(name))));

    private static HashSet<string> KnownOptions(FabricCommandLine commandLine) =>
        [.. AllOptions(commandLine).SelectMany(o => o.Aliases.Append(o.Name))];

    private static IEnumerable<Option> AllOptions(FabricCommandLine commandLine) =>
        commandLine.Leaves.SelectMany(l => l.Options).Concat(commandLine.Root.Options);

    private static IEnumerable<OptionResult> OptionResults(ParseResult parse)
    {
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult command)
            {
                foreach (var option in command.Children.OfType<OptionResult>())
                {
                    yield return option;
                }
            }
        }
    }
}
