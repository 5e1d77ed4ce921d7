using System.CommandLine;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>canary start, ab start, and promote|abort|pause|resume of the running release.</summary>
internal static class ReleaseCommands
{
    public static LeafCommand CanaryStart()
    {
        var model = Words.Model();
        var version = Words.Version();
        var steps = VersionPercents.Percents("--steps", "10,25,50,100", "the candidate's share at each step, in percent (default 10,25,50,100)");
        var minRequests = FabricOptions.Integer("--min-requests", "500", "requests per arm before a step may advance");
        var minStepSeconds = FabricOptions.Number("--min-step-seconds", "60", "the shortest time of a step");
        var hardGuard = FabricOptions.Number("--hard-guard-error-rate", "0.05", "roll back at once above this candidate error rate");
        var reason = Words.Reason();
        var wait = Words.Wait("the release ends (exit 0 promoted, 3 not promoted, 4 --timeout)");
        var timeout = Words.Timeout("3600");
        var command = new LeafCommand("start", "move a share of unversioned requests to a new version step by step; roll back on harm",
            "fabric canary start iris 2 --steps 10,25,50,100", (parse, url) =>
            {
                var body = new JsonObject { ["version"] = parse.GetValue(version) };
                if (parse.GetResult(steps) is not null && parse.GetValue(steps) is { } percents)
                {
                    body["steps"] = new JsonArray([.. percents.Select(p => (JsonNode)p)]);
                }

                body.Add("min_requests_per_step", parse, minRequests)
                    .Add("min_step_seconds", parse, minStepSeconds)
                    .Add("hard_guard_error_rate", parse, hardGuard)
                    .WithReason(parse, reason);
                return WaitingForRelease(RequestBodies.Change(url, ChangeOperation.StartCanary, parse.GetValue(model)!, null, body),
                    parse, model, wait, timeout);
            }) { model, version, steps, minRequests, minStepSeconds, hardGuard, reason, wait, timeout };
        command.Validators.Add(result => Require.OnlyWith(result, wait, timeout));
        return command;
    }

    public static LeafCommand AbStart()
    {
        var model = Words.Model();
        var treatment = Words.Version("treatment", "the treatment version (arm B)");
        var control = FabricOptions.Text("--control", "1", "the control version (arm A; default: the default version)");
        var treatmentPercent = FabricOptions.Number("--treatment-percent", "50", "the treatment's share in percent (default 50)");
        var metric = FabricOptions.Text("--metric", "reward", "the primary metric: reward, latency or errors");
        metric.CompletionSources.Add("reward", "latency", "errors");
        var minDuration = FabricOptions.Number("--min-duration-seconds", "3600", "the shortest time the test runs");
        var minSamples = FabricOptions.Integer("--min-samples", "500", "samples per arm before a decision");
        var maxSamples = FabricOptions.Integer("--max-samples", "100000", "samples per arm at which the test ends inconclusive");
        var reason = Words.Reason();
        var wait = Words.Wait("the test ends (exit 0 concluded with a winner, 3 otherwise, 4 --timeout)");
        var timeout = Words.Timeout("3600");
        var command = new LeafCommand("start", "hold a split and promote the significant winner on reward, latency or errors",
            "fabric ab start iris 2 --control 1 --metric reward", (parse, url) =>
            {
                var body = new JsonObject { ["treatment"] = parse.GetValue(treatment) };
                if (parse.GetValue(control) is { } controlVersion)
                {
                    body["control"] = controlVersion;
                }

                body.Add("treatment_percent", parse, treatmentPercent);
                if (parse.GetValue(metric) is { } name)
                {
                    body["metric"] = name;
                }

                body.Add("minimum_duration_seconds", parse, minDuration)
                    .Add("min_samples_per_arm", parse, minSamples)
                    .Add("max_samples_per_arm", parse, maxSamples)
                    .WithReason(parse, reason);
                return WaitingForRelease(RequestBodies.Change(url, ChangeOperation.StartAbTest, parse.GetValue(model)!, null, body),
                    parse, model, wait, timeout);
            }) { model, treatment, control, treatmentPercent, metric, minDuration, minSamples, maxSamples, reason, wait, timeout };
        command.Validators.Add(result =>
        {
            if (result.GetValue(metric) is { } name && name is not ("reward" or "latency" or "errors"))
            {
                result.AddError($"--metric '{name}' is not a metric; give reward, latency or errors");
            }
        });
        command.Validators.Add(result => Require.OnlyWith(result, wait, timeout));
        return command;
    }

    public static LeafCommand Action(ChangeOperation operation, string description)
    {
        var action = operation.ToString().ToLowerInvariant();
        var model = Words.Model();
        var reason = Words.Reason();
        return new LeafCommand(action, description, $"fabric {action} iris --reason \"...\"",
            (parse, url) => RequestBodies.Change(url, operation, parse.GetValue(model)!, null, new JsonObject().WithReason(parse, reason))) { model, reason };
    }

    private static ChangeCommand WaitingForRelease(ChangeCommand change, ParseResult parse, Argument<string> model, Option<bool> wait, Option<double?> timeout) =>
        parse.GetValue(wait)
            ? change with { Wait = new(WaitKind.ReleaseEnded, parse.GetValue(model)!), WaitTimeout = Words.TimeoutOf(parse, timeout, 3600) }
            : change;
}
