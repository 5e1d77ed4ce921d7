using System.Globalization;

namespace ServingFabric.Cli;

/// <summary>Parses fabric's command line. Small enough to do by hand; every mistake gets a message and the usage.</summary>
internal static class CliArguments
{
    /// <summary>Environment variable with the gateway's URL, used when --url is not given.</summary>
    public const string UrlVariable = "FABRIC_URL";

    public const string DefaultUrl = "http://127.0.0.1:8080";

    public const string Usage = """
        usage:
          fabric models get <name> [--url URL]          a model's versions and replicas (silo, zone, state, health)
          fabric events [--model NAME] [--after SEQ] [--url URL]
                                                        the event log (replica lost, replaced, unhealthy, spread...)
          fabric help
        --url defaults to $FABRIC_URL, else http://127.0.0.1:8080
        """;

    public static CliCommand Parse(IReadOnlyList<string> args, string? urlFromEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
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

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (arg[..eq], arg[(eq + 1)..])
                : (arg, i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (name is not ("--url" or "--model" or "--after"))
            {
                throw new CliUsageException($"unknown option '{name}'; options are --url, --model (events) and --after (events)");
            }

            if (string.IsNullOrEmpty(value))
            {
                throw new CliUsageException($"option '{name}' needs a value, as in {name} {Example(name)}");
            }

            if (!options.TryAdd(name, value))
            {
                throw new CliUsageException($"option '{name}' is given twice; give it once");
            }
        }

        var url = ParseUrl(options.GetValueOrDefault("--url") ?? urlFromEnvironment ?? DefaultUrl);
        return positional switch
        {
            [] or ["help", ..] => new HelpCommand(url),
            ["models", "get", var model] => Allowing(options, new GetModelCommand(url, model), "models get", "--url"),
            ["models", "get"] => throw new CliUsageException("'fabric models get' needs a model name, as in: fabric models get iris"),
            ["models", "get", _, var extra, ..] => throw new CliUsageException($"unexpected argument '{extra}'; 'fabric models get' takes one model name"),
            ["models", ..] => throw new CliUsageException($"unknown command 'models {string.Join(' ', positional.Skip(1))}'; did you mean 'fabric models get <name>'?"),
            ["events"] => Allowing(
                options, new ListEventsCommand(url, options.GetValueOrDefault("--model"), ParseAfter(options.GetValueOrDefault("--after"))), "events", "--url", "--model", "--after"),
            ["events", var extra, ..] => throw new CliUsageException($"unexpected argument '{extra}'; use 'fabric events --model {extra}'"),
            [var unknown, ..] => throw new CliUsageException($"unknown command '{unknown}'; commands are 'models get' and 'events'"),
        };
    }

    private static CliCommand Allowing(Dictionary<string, string> options, CliCommand command, string name, params string[] allowed)
    {
        var wrong = options.Keys.FirstOrDefault(k => !allowed.Contains(k, StringComparer.Ordinal));
        return wrong is null ? command : throw new CliUsageException($"option '{wrong}' does not apply to 'fabric {name}'");
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CliUsageException($"--url '{text}' is not an http(s) URL; give the gateway's address, as in --url http://127.0.0.1:8080");

    private static long ParseAfter(string? text) =>
        text is null ? 0
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after
        : throw new CliUsageException($"--after '{text}' is not a sequence number; give 0 or more, such as the last sequence you saw");

    private static string Example(string option) => option switch
    {
        "--url" => "http://127.0.0.1:8080",
        "--model" => "iris",
        _ => "42",
    };
}
