using System.CommandLine;

namespace ServingFabric.Cli;

/// <summary>The positional arguments of fabric's commands; the description says what a missing one is called in messages.</summary>
internal static class Words
{
    public static Argument<string> Model(string name = "model") => new(name) { Description = "a model name" };

    public static Argument<string> Version(string name = "version", string description = "a version") => new(name) { Description = description };

    public static Option<string?> Reason(bool required = false) =>
        FabricOptions.Text("--reason", "\"retrained on March data\"", required
            ? "why (required): recorded with who acted in the event log"
            : "why: recorded with who acted in the event log");

    public static Option<bool> Wait(string what) => FabricOptions.Flag("--wait", $"wait until {what}, showing progress, until --timeout");

    public static Option<double?> Timeout(string defaultSeconds) =>
        FabricOptions.Number("--timeout", defaultSeconds, $"with --wait: the longest time to wait in seconds (default {defaultSeconds})");

    /// <summary>--timeout in seconds, checked: above 0 and at most a week.</summary>
    public static TimeSpan TimeoutOf(ParseResult parse, Option<double?> timeout, double defaultSeconds)
    {
        var seconds = parse.GetValue(timeout) ?? defaultSeconds;
        return seconds is > 0 and <= 7 * 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliUsageException($"--timeout must be above 0 and at most a week (604800) seconds; got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }
}
