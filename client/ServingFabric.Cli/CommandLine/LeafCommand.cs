using System.CommandLine;

namespace ServingFabric.Cli;

/// <summary>A command that does something (as opposed to a group such as <c>versions</c>): its example and how it turns a parse into a <see cref="CliCommand"/>.</summary>
internal sealed class LeafCommand : Command
{
    public LeafCommand(string name, string description, string example, Func<ParseResult, Uri, CliCommand> build)
        : base(name, description)
    {
        Example = example;
        Build = build;
    }

    /// <summary>A complete example command line, used in help and in mistakes' messages.</summary>
    public string Example { get; }

    /// <summary>Makes the parsed command from a parse without errors and the gateway's URL.</summary>
    public Func<ParseResult, Uri, CliCommand> Build { get; }

    /// <summary>The verbs as typed, such as "versions register".</summary>
    public string Path => string.Join(' ', Parents.OfType<Command>().Where(p => p is not RootCommand).Select(p => p.Name).Append(Name));

    /// <summary>Placeholders of the positional arguments, such as "&lt;model&gt; &lt;version&gt;".</summary>
    public string Placeholders => string.Join(' ', Arguments.Select(a => $"<{a.Name}>"));
}
