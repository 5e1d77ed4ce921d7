using System.CommandLine;
using System.CommandLine.Parsing;

namespace ServingFabric.Cli;

/// <summary>Command validators: options a command cannot do without, and options that only go with another.</summary>
internal static class Require
{
    public static void Options(CommandResult result, string command, params (Option Option, string Example)[] options)
    {
        foreach (var (option, example) in options.Where(o => result.GetResult(o.Option) is null))
        {
            result.AddError($"'fabric {command}' needs {option.Name}, as in {option.Name} {example}");
            return;
        }
    }

    public static void OnlyWith(CommandResult result, Option flag, params Option[] options)
    {
        if (result.GetResult(flag) is null && options.FirstOrDefault(o => result.GetResult(o) is not null) is { } given)
        {
            result.AddError($"{given.Name} only applies with {flag.Name}");
        }
    }
}
