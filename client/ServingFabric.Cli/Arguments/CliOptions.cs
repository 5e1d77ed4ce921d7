using System.Globalization;

namespace ServingFabric.Cli;

/// <summary>
/// The options of one command line: <c>--name value</c>, <c>--name=value</c> and flags such as <c>--watch</c>, with
/// typed getters whose mistakes say what to type instead.
/// </summary>
internal sealed class CliOptions
{
    /// <summary>Options that take no value.</summary>
    public static readonly string[] Flags = ["--default", "--watch", "--no-mirror"];

    /// <summary>Options every command accepts: where the gateway is and who calls it.</summary>
    public static readonly string[] Global = ["--gateway", "--api-key", "--actor"];

    private readonly Dictionary<string, string> _values;

    public CliOptions(Dictionary<string, string> values) => _values = values;

    /// <summary>Options given, by canonical name (<c>--url</c> is read as <c>--gateway</c>).</summary>
    public IEnumerable<string> Names => _values.Keys;

    public bool Flag(string name) => _values.ContainsKey(name);

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string RequiredText(string name, string command, string example) =>
        Text(name) ?? throw new CliUsageException($"'fabric {command}' needs {name}, as in {name} {example}");

    public double? Number(string name, string example) =>
        Text(name) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new CliUsageException($"{name} '{text}' is not a number; give one such as {name} {example}");

    public long? Integer(string name, string example) =>
        Text(name) is not { } text ? null
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw new CliUsageException($"{name} '{text}' is not a whole number; give one such as {name} {example}");

    /// <summary>Splits arguments into positional words and options; unknown options are refused here.</summary>
    public static (List<string> Positional, CliOptions Options) Read(IReadOnlyList<string> args, IReadOnlySet<string> known)
    {
        var positional = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                positional.Insert(0, "help");
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (!known.Contains(name))
            {
                throw new CliUsageException($"unknown option '{name}'; 'fabric help' lists the options of each command");
            }

            string? value;
            if (Flags.Contains(name, StringComparer.Ordinal))
            {
                value = eq > 0 ? throw new CliUsageException($"option '{name}' is a switch and takes no value; write just {name}") : "true";
            }
            else
            {
                value = eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                if (string.IsNullOrEmpty(value))
                {
                    throw new CliUsageException($"option '{name}' needs a value, as in {name} {CliArguments.ExampleOf(name)}");
                }
            }

            var canonical = name == "--url" ? "--gateway" : name;
            if (!values.TryAdd(canonical, value))
            {
                throw new CliUsageException($"option '{name}' is given twice (--url and --gateway are the same option); give it once");
            }
        }

        return (positional, new CliOptions(values));
    }
}
