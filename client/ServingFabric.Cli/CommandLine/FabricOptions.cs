using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ServingFabric.Cli;

/// <summary>
/// Makes fabric's options. Values are converted here, at parse time, so a wrong value is a parse error that says what
/// was typed and shows a value that works, before any request is sent.
/// </summary>
internal static class FabricOptions
{
    private static readonly ConditionalWeakTable<Option, string> Examples = [];

    public static Option<string?> Text(string name, string example, string description, params string[] aliases) => WithExample(new Option<string?>(name, aliases)
    {
        Description = description,
        HelpName = name.TrimStart('-'),
        CustomParser = result => Single(result, example),
    }, example);

    /// <summary>A value that works for <paramref name="option"/>, for messages; null for a switch.</summary>
    public static string? ExampleOf(Option option) => Examples.TryGetValue(option, out var example) ? example : null;

    public static Option<double?> Number(string name, string example, string description) => WithExample(new Option<double?>(name)
    {
        Description = description,
        HelpName = name.TrimStart('-'),
        CustomParser = result => Single(result, example) is not { } text ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
            : Fail<double?>(result, $"{name} '{text}' is not a number; give one such as {name} {example}"),
    }, example);

    public static Option<long?> Integer(string name, string example, string description) => WithExample(new Option<long?>(name)
    {
        Description = description,
        HelpName = name.TrimStart('-'),
        CustomParser = result => Single(result, example) is not { } text ? null
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : Fail<long?>(result, $"{name} '{text}' is not a whole number; give one such as {name} {example}"),
    }, example);

    public static T WithExample<T>(T option, string example)
        where T : Option
    {
        Examples.AddOrUpdate(option, example);
        return option;
    }

    /// <summary>A switch: present or not; a value such as <c>--watch=yes</c> is refused rather than read.</summary>
    public static Option<bool> Flag(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.Zero,
    };

    /// <summary>The name the user typed for the option of this value (an alias such as --url, or the name).</summary>
    public static string Typed(ArgumentResult result) =>
        result.Parent is OptionResult { IdentifierToken: { } token } ? token.Value : result.Argument.Name;

    /// <summary>The one value of an option; a repeated option is refused (the user meant one of them, fabric cannot tell which).</summary>
    private static string? Single(ArgumentResult result, string example)
    {
        var name = Typed(result);
        if (result.Parent is OptionResult { IdentifierTokenCount: > 1 })
        {
            return Fail<string?>(result, $"option '{name}' is given twice (--url and --gateway are the same option); give it once");
        }

        return result.Tokens.Count switch
        {
            0 => Fail<string?>(result, $"option '{name}' needs a value, as in {name} {example}"),
            _ when string.IsNullOrEmpty(result.Tokens[0].Value) => Fail<string?>(result, $"option '{name}' needs a value, as in {name} {example}"),
            _ => result.Tokens[0].Value,
        };
    }

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
