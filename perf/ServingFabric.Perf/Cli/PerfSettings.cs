using System.Globalization;

namespace ServingFabric.Perf.Cli;

/// <summary>The command line: <c>&lt;overhead|bare|batching|cache|openloop|all&gt; [--tiny] [--out DIR] [--seconds N] [--seed N] [--ocr-model PATH] [--cores auto|split|shared]</c>.</summary>
internal sealed record PerfSettings(IReadOnlyList<string> Scenarios, bool Tiny, string OutputFolder, double? Seconds, int Seed, string? OcrModel, CoreLayout Cores = CoreLayout.Auto)
{
    public const string Usage =
        "usage: dotnet run -c Release --project perf/ServingFabric.Perf -- <overhead|bare|batching|cache|openloop|security|optimization|all> " +
        "[--tiny] [--out DIR (default perf/results)] [--seconds N (measuring time per run)] [--seed N] [--ocr-model PATH] " +
        "[--cores auto (default: split from 3 cores) | split (silo and load generator on separate cores) | shared]";

    public const int DefaultSeed = 18031;

    public static readonly string[] AllScenarios = ["overhead", "bare", "batching", "cache", "openloop", "security", "optimization"];

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> whose message says what was wrong and shows the usage.</summary>
    public static PerfSettings Parse(IReadOnlyList<string> args, string defaultOutput)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? scenario = null;
        var tiny = false;
        var output = defaultOutput;
        double? seconds = null;
        var seed = DefaultSeed;
        string? ocrModel = null;
        var cores = CoreLayout.Auto;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--tiny":
                    tiny = true;
                    break;
                case "--out":
                    output = Value(args, ref i);
                    break;
                case "--seconds":
                    seconds = double.TryParse(Value(args, ref i), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                        ? s
                        : throw Invalid($"--seconds {args[i]} is not a positive number of seconds");
                    break;
                case "--seed":
                    seed = int.TryParse(Value(args, ref i), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                        ? n
                        : throw Invalid($"--seed {args[i]} is not an integer");
                    break;
                case "--ocr-model":
                    ocrModel = Value(args, ref i);
                    break;
                case "--cores":
                    cores = Value(args, ref i) switch
                    {
                        "auto" => CoreLayout.Auto,
                        "split" => CoreLayout.Split,
                        "shared" => CoreLayout.Shared,
                        var other => throw Invalid($"--cores {other} is not 'auto', 'split' or 'shared'"),
                    };
                    break;
                case var name when !name.StartsWith('-') && scenario is null:
                    scenario = name;
                    break;
                default:
                    throw Invalid($"unknown argument '{args[i]}'");
            }
        }

        IReadOnlyList<string> scenarios = scenario switch
        {
            null => throw Invalid("name a scenario"),
            "all" => AllScenarios,
            _ when AllScenarios.Contains(scenario) => [scenario],
            _ => throw Invalid($"unknown scenario '{scenario}'"),
        };
        return new PerfSettings(scenarios, tiny, Path.GetFullPath(output), seconds, seed, ocrModel, cores);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw Invalid($"{args[i]} needs a value");

    private static ArgumentException Invalid(string problem) => new($"{problem}.\n{Usage}");
}

/// <summary>Where the silo runs relative to the load generator (<see cref="Fabric.CoreSplit"/>).</summary>
internal enum CoreLayout
{
    /// <summary>Split from <see cref="Fabric.CoreSplit.AutomaticMinimumCores"/> cores, shared below.</summary>
    Auto,

    /// <summary>The silo in its own pinned process, the generator on other cores, even on two cores.</summary>
    Split,

    /// <summary>The silo in this process, every core shared with the generator.</summary>
    Shared,
}
