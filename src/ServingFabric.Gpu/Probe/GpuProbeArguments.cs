using System.Globalization;

namespace ServingFabric.Gpu.Probe;

/// <summary>
/// The standalone <c>fabric-gpu-probe</c>'s command line: the options of <c>fabric gpu probe</c>, parsed without
/// System.CommandLine so the trimmed probe carries nothing else.
/// </summary>
public static class GpuProbeArguments
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage =
        "usage: fabric-gpu-probe [--samples N] [--interval SECONDS] [--output table|json]\n" +
        "  the NVIDIA driver and every GPU: memory, utilization, temperature, power, ECC errors, health\n" +
        "  --samples N          how many readings (1 to 100000, default 1)\n" +
        "  --interval SECONDS   between readings (0.1 to 3600, default 1)\n" +
        "  --output, -o         table (default) or json: one JSON document per reading, one a line\n" +
        "exit codes: 0 GPUs listed, 2 usage error, 5 no GPUs (the output says why)";

    /// <summary>Parses <paramref name="args"/>; false with a message naming the option and a value that works.</summary>
    /// <param name="args">The arguments, without the program's name.</param>
    /// <param name="options">The parsed options; null when <paramref name="help"/> or on error.</param>
    /// <param name="help">True when --help or -h was given.</param>
    /// <param name="error">What was wrong; null on success.</param>
    public static bool TryParse(IReadOnlyList<string> args, out GpuProbeOptions? options, out bool help, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = null;
        help = args.Any(a => a is "--help" or "-h");
        if (help)
        {
            error = null;
            return true;
        }

        var parsed = new GpuProbeOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--samples" or "--interval" or "--output" or "-o"))
            {
                error = $"unknown argument '{name}'; give --samples, --interval or --output, as in fabric-gpu-probe --samples 10 --interval 1";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value, as in {Example(name)}";
                return false;
            }

            var value = args[++i];
            (parsed, error) = name switch
            {
                "--samples" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100_000
                    ? (parsed with { Samples = n }, null)
                    : (parsed, $"--samples must be a whole number from 1 to 100000; got '{value}'; as in {Example(name)}"),
                "--interval" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is >= 0.1 and <= 3600
                    ? (parsed with { Interval = TimeSpan.FromSeconds(s) }, null)
                    : (parsed, $"--interval must be 0.1 to 3600 seconds; got '{value}'; as in {Example(name)}"),
                _ => value.ToUpperInvariant() switch
                {
                    "JSON" => (parsed with { Json = true }, null),
                    "TABLE" => (parsed with { Json = false }, null),
                    _ => (parsed, $"{name} got '{value}'; give table or json, as in --output json"),
                },
            };
            if (error is not null)
            {
                return false;
            }
        }

        options = parsed;
        error = null;
        return true;
    }

    private static string Example(string name) => name switch
    {
        "--samples" => "--samples 10",
        "--interval" => "--interval 1",
        _ => "--output json",
    };
}
