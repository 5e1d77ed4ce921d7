using System.Globalization;

namespace ServingFabric.Chaos.Cli;

/// <summary>
/// <c>[chaos|outage|soak] [--minutes N] [--seconds N] [--seed S] [--rate R] [--out DIR]</c>. Every knob has a default, so
/// <c>bash chaos/run.sh</c> alone runs a 5-minute chaos run at 50 req/s with seed 17.
/// </summary>
internal sealed record ChaosSettings(string Mode, double Minutes, double Seconds, int Seed, double? Rate, string Out)
{
    public static ChaosSettings Parse(IReadOnlyList<string> args, string defaultOut)
    {
        var mode = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "chaos";
        if (mode is not ("chaos" or "outage" or "soak"))
        {
            throw new ArgumentException($"unknown mode '{mode}': expected chaos, outage or soak");
        }

        double minutes = mode == "soak" ? 30 : 5, seconds = 60;
        int seed = 17;
        double? rate = null;
        var output = defaultOut;
        for (var i = args.Count > 0 && mode == args[0] ? 1 : 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--minutes": minutes = Number(args[i], value); break;
                case "--seconds": seconds = Number(args[i], value); break;
                case "--seed": seed = (int)Number(args[i], value); break;
                case "--rate": rate = Number(args[i], value); break;
                case "--out": output = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}: expected --minutes, --seconds, --seed, --rate or --out");
            }

            i++;
        }

        return new ChaosSettings(mode, minutes, seconds, seed, rate, output);
    }

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} expects a positive number, got '{value}'");
}
