using System.CommandLine;

namespace ServingFabric.Cli;

/// <summary>
/// <c>fabric completion bash|zsh</c>: prints a shell function that asks fabric itself for completions through
/// System.CommandLine's <c>[suggest:position]</c> directive, so completion always knows the installed commands.
/// </summary>
internal static class CompletionScript
{
    public const string Bash = """
        # fabric completion for bash: eval "$(fabric completion bash)"
        _fabric_complete() {
            local IFS=$'\n'
            COMPREPLY=($(fabric "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null))
        }
        complete -o default -F _fabric_complete fabric
        """;

    public const string Zsh = """
        # fabric completion for zsh: eval "$(fabric completion zsh)"
        _fabric_complete() {
            local -a completions
            completions=(${(f)"$(fabric "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)"})
            compadd -a completions
        }
        compdef _fabric_complete fabric
        """;

    public static LeafCommand Command()
    {
        var shell = new Argument<string>("shell") { Description = "a shell: bash or zsh" };
        shell.CompletionSources.Add("bash", "zsh");
        shell.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var name }] && name is not ("bash" or "zsh"))
            {
                result.AddError($"fabric has no completion script for '{name}'; give bash or zsh, as in: fabric completion bash");
            }
        });
        return new LeafCommand("completion", "print the shell completion script: eval \"$(fabric completion bash)\"", "fabric completion bash",
            (parse, url) => new CompletionScriptCommand(url, parse.GetValue(shell)!)) { shell };
    }

    public static string For(string shell) => shell == "zsh" ? Zsh : Bash;
}
