using System.Globalization;

namespace ServingFabric.Perf.Cli;

/// <summary>The command line: <c>&lt;overhead|batching|cache|openloop|all&gt; [--tiny] [--out DIR] [--seconds N] [--seed N] [--ocr-model PATH] [--cores split|shared]</c>.</summary>
internal sealed record PerfSettings(IReadOnlyList<string> Scenarios, bool Tiny, string OutputFolder, double? Seconds, int Seed, string? OcrModel, bool SharedCores = false)
{
    public const string Usage =
        "usage: dotnet run -c Release --project perf/ServingFabric.Perf -- <overhead|batching|cache|openloop|all> " +
        "[--tiny] [--out DIR (default perf/results)] [--seconds N (measuring time per run)] [--seed N] [--ocr-model PATH] " +
        "[--cores split (default: silo and load generator on separate cores) | shared]";

    public const int DefaultSeed = 18031;

    public static readonly string[] AllScenarios = ["overhead", "batching", "cache", "openloop"];

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
        var sharedCores = false;
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
                    sharedCores = Value(args, ref i) switch
                    {
                        "split" => false,
                        "shared" => true,
                        var other => throw Invalid($"--cores {other} is neither 'split' nor 'shared'"),
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
        return new PerfSettings(scenarios, tiny, Path.GetFullPath(output), seconds, seed, ocrModel, sharedCores);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw Invalid($"{args[i]} needs a value");

    private static ArgumentException Invalid(string problem) => new($"{problem}.\n{Usage}");
}
