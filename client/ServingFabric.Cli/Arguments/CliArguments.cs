using System.Globalization;

namespace ServingFabric.Cli;

/// <summary>
/// Parses fabric's command line against a table of commands (<see cref="Commands"/>). Small enough to do by hand;
/// every mistake gets a message saying what to type instead, and the usage.
/// </summary>
internal static partial class CliArguments
{
    /// <summary>Environment variable with the gateway's URL, used when --gateway (or --url) is not given.</summary>
    public const string UrlVariable = "FABRIC_URL";

    /// <summary>Environment variable with the admin key, used when --api-key is not given.</summary>
    public const string ApiKeyVariable = "FABRIC_API_KEY";

    /// <summary>Environment variable naming who acts (for the event log), used when --actor is not given.</summary>
    public const string ActorVariable = "FABRIC_ACTOR";

    public const string DefaultUrl = "http://127.0.0.1:8080";

    private static readonly HashSet<string> KnownOptions = new(
        Commands.SelectMany(c => c.Options).Concat(CliOptions.Global).Append("--url"), StringComparer.Ordinal);

    public static CliCommand Parse(IReadOnlyList<string> args, string? urlFromEnvironment = null, string? apiKeyFromEnvironment = null, string? actorFromEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (positional, options) = CliOptions.Read(args, KnownOptions);
        var url = ParseUrl(options.Text("--gateway") ?? urlFromEnvironment ?? DefaultUrl);
        var command = Dispatch(positional, options, url);
        return command with
        {
            ApiKey = NonEmpty(options.Text("--api-key")) ?? NonEmpty(apiKeyFromEnvironment),
            Actor = NonEmpty(options.Text("--actor")) ?? NonEmpty(actorFromEnvironment),
        };
    }

    private static CliCommand Dispatch(List<string> positional, CliOptions options, Uri url)
    {
        if (positional.Count == 0 || positional[0] == "help")
        {
            return new HelpCommand(url);
        }

        if (positional is ["events", var extra, ..])
        {
            throw new CliUsageException($"unexpected argument '{extra}'; use 'fabric events --model {extra}'");
        }

        var spec = Commands.FirstOrDefault(c => c.Verbs.Length <= positional.Count && c.Verbs.SequenceEqual(positional.Take(c.Verbs.Length), StringComparer.Ordinal));
        if (spec is null)
        {
            throw UnknownCommand(positional);
        }

        var words = positional.Skip(spec.Verbs.Length).ToList();
        if (words.Count < spec.Words.Length)
        {
            throw new CliUsageException($"'fabric {spec.Name}' needs {Describe(spec.Words[words.Count])}, as in: {spec.Example}");
        }

        if (words.Count > spec.Words.Length)
        {
            throw new CliUsageException($"unexpected argument '{words[spec.Words.Length]}'; 'fabric {spec.Name}' takes {Placeholders(spec)}, as in: {spec.Example}");
        }

        var wrong = options.Names.FirstOrDefault(o => !spec.Options.Contains(o, StringComparer.Ordinal) && !CliOptions.Global.Contains(o, StringComparer.Ordinal));
        if (wrong is not null)
        {
            throw new CliUsageException($"option '{wrong}' does not apply to 'fabric {spec.Name}'");
        }

        return spec.Build(url, words, options);
    }

    private static CliUsageException UnknownCommand(List<string> positional)
    {
        var group = Commands.Where(c => c.Verbs.Length > 1 && c.Verbs[0] == positional[0]).ToList();
        if (group.Count == 0)
        {
            return new CliUsageException(
                $"unknown command '{positional[0]}'; commands are {string.Join(", ", Commands.Select(c => c.Verbs[0]).Distinct())} ('fabric help' shows each)");
        }

        var suggestions = group.Select(c => $"'fabric {c.Name} {Placeholders(c)}'").ToList();
        return new CliUsageException(suggestions.Count == 1
            ? $"unknown command '{string.Join(' ', positional)}'; did you mean {suggestions[0]}?"
            : $"unknown command '{string.Join(' ', positional)}'; did you mean one of {string.Join(", ", suggestions)}?");
    }

    private static string Placeholders(CommandSpec spec) => string.Join(' ', spec.Words.Select(w => $"<{w}>"));

    private static string Describe(string word) => word switch
    {
        "name" or "model" => "a model name",
        "version" => "a version",
        "treatment" => "the treatment version (arm B)",
        _ => $"<{word}>",
    };

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CliUsageException($"--gateway '{text}' is not an http(s) URL; give the gateway's address, as in --gateway http://127.0.0.1:8080");

    private static long ParseAfter(string? text) =>
        text is null ? 0
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after
        : throw new CliUsageException($"--after '{text}' is not a sequence number; give 0 or more, such as the last sequence you saw");

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>An example value of an option, for messages.</summary>
    internal static string ExampleOf(string option) => option switch
    {
        "--url" or "--gateway" => "http://127.0.0.1:8080",
        "--model" => "iris",
        "--api-key" => "$FABRIC_API_KEY",
        "--actor" => "alice",
        "--reason" => "\"retrained on March data\"",
        "--artifact" => "/models-inbox/iris-2.onnx",
        "--sha256" => "$(sha256sum model.onnx | cut -d' ' -f1)",
        "--steps" => "10,25,50,100",
        "--metric" => "reward",
        "--mirror" => "3=5",
        "--weights" => "1=90,2=10",
        "--control" => "1",
        _ => "42",
    };
}
