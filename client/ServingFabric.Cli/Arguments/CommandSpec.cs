namespace ServingFabric.Cli;

/// <summary>One command of the table: its verbs, positional words, options, an example and how to build it.</summary>
/// <param name="Name">The verbs as typed, such as "versions register".</param>
/// <param name="Words">Positional arguments after the verbs, such as ["model", "version"].</param>
/// <param name="Options">Options it accepts besides the global ones.</param>
/// <param name="Example">A complete example command line.</param>
/// <param name="Build">Makes the command from the gateway URL, the words and the options.</param>
internal sealed record CommandSpec(string Name, string[] Words, string[] Options, string Example, Func<Uri, IReadOnlyList<string>, CliOptions, CliCommand> Build)
{
    public string[] Verbs { get; } = Name.Split(' ');
}
