using System.CommandLine;

namespace ServingFabric.Cli;

/// <summary>Options every command accepts: where the gateway is, who calls it, and how answers are printed.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Gateway { get; } = Recursive(FabricOptions.Text("--gateway", "http://127.0.0.1:8080",
        $"the gateway; default ${FabricCommandLine.UrlVariable}, else {FabricCommandLine.DefaultUrl}", "--url"));

    public Option<string?> ApiKey { get; } = Recursive(FabricOptions.Text("--api-key", "$FABRIC_API_KEY",
        $"the API key (sf_...); default ${FabricCommandLine.ApiKeyVariable}. Prefer --api-key-file or the variable: a key typed here shows in the process list and shell history"));

    public Option<string?> ApiKeyFile { get; } = Recursive(FabricOptions.Text("--api-key-file", "~/.fabric/key",
        $"a file holding the API key (recommended); default ${FabricCommandLine.ApiKeyFileVariable}"));

    public Option<string?> Actor { get; } = Recursive(FabricOptions.Text("--actor", "alice",
        $"who you are, for the event log; default ${FabricCommandLine.ActorVariable}, else your user name"));

    public Option<OutputFormat> Output { get; } = Recursive(new Option<OutputFormat>("--output", "-o")
    {
        Description = "table (default) or json: the gateway's JSON, for scripts",
        HelpName = "table|json",
        CustomParser = result => result.Tokens is [{ Value: var text }] && Enum.TryParse<OutputFormat>(text, ignoreCase: true, out var format)
            && !int.TryParse(text, out _)
            ? format
            : Refuse(result),
    });

    public void AddTo(RootCommand root)
    {
        root.Add(Gateway);
        root.Add(ApiKey);
        root.Add(ApiKeyFile);
        root.Add(Actor);
        root.Add(Output);
        // The enum's own completions would offer both spellings of each value.
        Output.CompletionSources.Clear();
        Output.CompletionSources.Add("table", "json");
    }

    private static OutputFormat Refuse(System.CommandLine.Parsing.ArgumentResult result)
    {
        var given = result.Tokens.Count == 0 ? "nothing" : $"'{string.Join(' ', result.Tokens.Select(t => t.Value))}'";
        result.AddError($"--output got {given}; give table or json, as in --output json");
        return OutputFormat.Table;
    }

    private static T Recursive<T>(T option)
        where T : Option
    {
        option.Recursive = true;
        return option;
    }
}
