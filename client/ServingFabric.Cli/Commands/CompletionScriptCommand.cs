namespace ServingFabric.Cli;

/// <summary><c>fabric completion bash|zsh</c>: print the shell's completion script.</summary>
internal sealed record CompletionScriptCommand(Uri Url, string Shell) : CliCommand(Url);
