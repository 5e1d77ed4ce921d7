using System.CommandLine;
using ServingFabric.Optimization.Graph;

namespace ServingFabric.Cli;

/// <summary>models optimize.</summary>
internal static class OptimizeCommands
{
    public static LeafCommand Optimize()
    {
        var model = Words.Model();
        var version = FabricOptions.Text("--version", "1", "the version to optimize (required)");
        var source = FabricOptions.Text("--source", "models/iris/1/model.onnx", "the version's .onnx on this machine (default: ./<model>/<version>/model.onnx, a repository checkout)");
        var inbox = FabricOptions.Text("--inbox", "/models-inbox", "where the candidate and its report go: a folder the gateway imports from, at the same path (required)");
        var candidate = FabricOptions.Text("--as", "2", "the new version's number (default: one above the highest registered)");
        var evaluation = FabricOptions.Text("--eval", "iris-eval.json", "the evaluation set: {\"input\", \"shape\", \"samples\", \"labels\"?} (required)");
        var quantize = FabricOptions.Text("--quantize", "dynamic", "dynamic: int8 MatMul/Gemm, activations ranged per batch; static: int8 Conv/MatMul/Gemm with ranges calibrated once (QDQ; opsets 7-12 upgraded to 13 where every operator converts exactly); none: graph optimization only (default dynamic)");
        quantize.CompletionSources.Add("dynamic", "static", "none");
        var calibration = FabricOptions.Text("--calibration", "iris-calibration.json", "with --quantize static: the calibration set, same format as --eval (default: the --eval set)");
        var percentile = FabricOptions.Number("--percentile", "99.99", "with --quantize static: calibrate to this percentile instead of min-max");
        var perChannel = FabricOptions.Flag("--per-channel", "one int8 scale per output channel instead of one per weight");
        var reduceRange = FabricOptions.Flag("--reduce-range", "7-bit weights, for CPUs without VNNI (their u8 x s8 sums can saturate)");
        var quantizeDepthwise = FabricOptions.Flag("--quantize-depthwise", "with --quantize static: quantize depthwise Conv too (by default they stay in float: ONNX Runtime's int8 depthwise kernel was slower than its float one)");
        var keepOps = FabricOptions.Text("--keep-float-ops", "Gemm", "operator types left in float, comma-separated");
        var keepNodes = FabricOptions.Text("--keep-float-nodes", "Gemm_0,classifier", "node names left in float, comma-separated (a sensitive first or last layer)");
        var level = FabricOptions.Text("--level", "basic", "graph optimization level: basic (portable, the default) or extended (ONNX Runtime CPU fusions)");
        level.CompletionSources.Add("basic", "extended");
        var canary = FabricOptions.Integer("--canary", "10", "start a canary of the candidate at this percent once registered");
        var command = new LeafCommand("optimize", "quantize and graph-optimize a version here, gate its accuracy, register it if it passes",
            "fabric models optimize iris --version 1 --inbox /models-inbox --eval iris-eval.json --per-channel --canary 10", (parse, url) =>
            {
                var name = parse.GetValue(model)!;
                var from = parse.GetValue(version)!;
                var mode = parse.GetValue(quantize) ?? "dynamic";
                if (parse.GetValue(percentile) is { } kept && kept is <= 50 or > 100)
                {
                    throw new CliUsageException($"--percentile {kept} is not a range to keep; give one above 50 and at most 100, such as --percentile 99.99");
                }

                var percent = parse.GetValue(canary);
                if (percent is < 1 or > 99)
                {
                    throw new CliUsageException($"--canary {percent} is not a first step; give a percent from 1 to 99 such as --canary 10");
                }

                return new OptimizeModelCommand(url, name, from,
                    parse.GetValue(source) ?? Path.Combine(name, from, "model.onnx"),
                    Path.GetFullPath(parse.GetValue(inbox)!),
                    parse.GetValue(candidate),
                    parse.GetValue(evaluation)!)
                {
                    Quantize = mode != "none",
                    Static = mode == "static",
                    Calibration = parse.GetValue(calibration),
                    Percentile = parse.GetValue(percentile),
                    PerChannel = parse.GetValue(perChannel),
                    ReduceRange = parse.GetValue(reduceRange),
                    QuantizeDepthwise = parse.GetValue(quantizeDepthwise),
                    KeepFloatOps = List(parse.GetValue(keepOps)),
                    KeepFloatNodes = List(parse.GetValue(keepNodes)),
                    Level = parse.GetValue(level) == "extended" ? GraphLevel.Extended : GraphLevel.Basic,
                    CanaryPercent = (int?)percent,
                };
            }) { model, version, source, inbox, candidate, evaluation, quantize, calibration, percentile, perChannel, reduceRange, quantizeDepthwise, keepOps, keepNodes, level, canary };
        command.Validators.Add(result => Require.Options(result, "models optimize", (version, "1"), (inbox, "/models-inbox"), (evaluation, "iris-eval.json")));
        command.Validators.Add(result => OneOf(result, quantize, "dynamic", "static", "none"));
        command.Validators.Add(result =>
        {
            if (result.GetValue(quantize) != "static"
                && new Option[] { calibration, percentile, quantizeDepthwise }.FirstOrDefault(o => result.GetResult(o) is not null) is { } given)
            {
                result.AddError($"{given.Name} only applies with --quantize static");
            }
        });
        command.Validators.Add(result => OneOf(result, level, "basic", "extended"));
        command.Validators.Add(result =>
        {
            if (result.GetValue(quantize) == "none"
                && new Option[] { perChannel, reduceRange, keepOps, keepNodes }.FirstOrDefault(o => result.GetResult(o) is not null) is { } given)
            {
                result.AddError($"{given.Name} only applies with --quantize dynamic or static; leave it out with --quantize none");
            }
        });
        return command;
    }

    private static HashSet<string> List(string? text) =>
        new((text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

    private static void OneOf(System.CommandLine.Parsing.CommandResult result, Option<string?> option, params string[] values)
    {
        if (result.GetValue(option) is { } value && !values.Contains(value))
        {
            result.AddError($"{option.Name} '{value}' is not one of {string.Join(", ", values)}; give {option.Name} {values[0]}");
        }
    }
}
