using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ServingFabric.Cli;

/// <summary>Options whose value is a list: <c>version=percent</c> pairs (--weights, --mirror) or percents (--steps).</summary>
internal static class VersionPercents
{
    public static Option<List<(string Version, double Percent)>?> Pairs(string name, string example, string description) => FabricOptions.WithExample(new Option<List<(string Version, double Percent)>?>(name)
    {
        Description = description,
        HelpName = "v=p,v=p",
        CustomParser = result => Text(result) is not { } text ? null : Parse(result, name, text, example),
    }, example);

    public static Option<List<double>?> Percents(string name, string example, string description) => FabricOptions.WithExample(new Option<List<double>?>(name)
    {
        Description = description,
        HelpName = "p,p,p",
        CustomParser = result => Text(result) is not { } text ? null
            : [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part => Percent(result, name, part, text, example))],
    }, example);

    private static List<(string, double)> Parse(ArgumentResult result, string name, string text, string example)
    {
        var pairs = new List<(string, double)>();
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (pair.Split('=') is not [{ Length: > 0 } version, var percent])
            {
                result.AddError($"{name} '{text}' is not a list of version=percent; write it like {name} {example}");
                return pairs;
            }

            pairs.Add((version, Percent(result, name, percent, text, example)));
        }

        return pairs;
    }

    private static double Percent(ArgumentResult result, string name, string part, string whole, string example)
    {
        if (double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name} '{whole}': '{part}' is not a number; write it like {name} {example}");
        return double.NaN;
    }

    private static string? Text(ArgumentResult result)
    {
        var name = FabricOptions.Typed(result);
        if (result.Parent is OptionResult { IdentifierTokenCount: > 1 })
        {
            result.AddError($"option '{name}' is given twice; give it once");
            return null;
        }

        if (result.Tokens.Count == 0)
        {
            result.AddError($"option '{name}' needs a value");
            return null;
        }

        return result.Tokens[0].Value;
    }
}
