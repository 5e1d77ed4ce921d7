using System.CommandLine;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>traffic set, fault set, fault clear.</summary>
internal static class TrafficCommands
{
    public static LeafCommand TrafficSet()
    {
        var model = Words.Model();
        var weights = VersionPercents.Pairs("--weights", "1=90,2=10", "split unversioned requests (percent per version, summing to 100)");
        var mirror = VersionPercents.Pairs("--mirror", "3=5", "copy this share of requests to a shadow version (its answers are dropped)");
        var noMirror = FabricOptions.Flag("--no-mirror", "stop mirroring");
        var reason = Words.Reason();
        var command = new LeafCommand("set", "split unversioned requests (percent, summing to 100); shadow traffic",
            "fabric traffic set iris --weights 1=90,2=10 [--mirror 3=5 | --no-mirror]", (parse, url) =>
            {
                var body = new JsonObject();
                if (parse.GetResult(weights) is not null && parse.GetValue(weights) is { } split)
                {
                    body["weights"] = new JsonArray([.. split.Select(p => (JsonNode)new JsonObject { ["version"] = p.Version, ["percent"] = p.Percent })]);
                }

                if (parse.GetResult(mirror) is not null && parse.GetValue(mirror) is [var shadow])
                {
                    body["mirror"] = new JsonObject { ["version"] = shadow.Version, ["percent"] = shadow.Percent };
                }
                else if (parse.GetValue(noMirror))
                {
                    body["mirror"] = null;
                }

                return RequestBodies.Change(url, ChangeOperation.UpdateModel, parse.GetValue(model)!, null, body.WithReason(parse, reason));
            }) { model, weights, mirror, noMirror, reason };
        command.Validators.Add(result =>
        {
            if (result.GetResult(mirror) is not null && result.GetResult(noMirror) is not null)
            {
                result.AddError("give --mirror or --no-mirror, not both");
            }
            else if (result.GetValue(mirror) is { Count: > 1 } pairs)
            {
                result.AddError($"--mirror '{result.GetResult(mirror)!.Tokens[0].Value}' names {pairs.Count} versions; mirror to one, as in --mirror 3=5");
            }
            else if (result.GetResult(weights) is null && result.GetResult(mirror) is null && result.GetResult(noMirror) is null)
            {
                result.AddError("'fabric traffic set' needs --weights, --mirror or --no-mirror, as in: fabric traffic set iris --weights 1=90,2=10");
            }
        });
        return command;
    }

    public static LeafCommand FaultSet()
    {
        var model = Words.Model();
        var version = Words.Version();
        var abortPercent = FabricOptions.Number("--abort-percent", "20", "share of requests answered with --abort-status");
        var abortStatus = FabricOptions.Integer("--abort-status", "503", "the status of aborted requests: 500 or 503");
        var delayPercent = FabricOptions.Number("--delay-percent", "10", "share of requests delayed by --delay-ms");
        var delayMs = FabricOptions.Number("--delay-ms", "250", "the delay in milliseconds");
        var reason = Words.Reason(required: true);
        var command = new LeafCommand("set", "inject faults (needs the admin key even locally)",
            "fabric fault set iris 2 --abort-percent 20 --reason \"rehearse a rollback\"", (parse, url) =>
            {
                var body = new JsonObject()
                    .Add("abort_percent", parse, abortPercent)
                    .Add("abort_status", parse, abortStatus)
                    .Add("delay_percent", parse, delayPercent)
                    .Add("delay_ms", parse, delayMs)
                    .WithReason(parse, reason);
                return RequestBodies.Change(url, ChangeOperation.SetFault, parse.GetValue(model)!, parse.GetValue(version), body);
            }) { model, version, abortPercent, abortStatus, delayPercent, delayMs, reason };
        command.Validators.Add(result => RequireReason(result, "fault set", reason));
        return command;
    }

    public static LeafCommand FaultClear()
    {
        var model = Words.Model();
        var version = Words.Version();
        var reason = Words.Reason(required: true);
        var command = new LeafCommand("clear", "clear injected faults (needs the admin key even locally)", "fabric fault clear iris 2 --reason \"rehearsal over\"",
            (parse, url) => RequestBodies.Change(url, ChangeOperation.ClearFault, parse.GetValue(model)!, parse.GetValue(version),
                new JsonObject().WithReason(parse, reason))) { model, version, reason };
        command.Validators.Add(result => RequireReason(result, "fault clear", reason));
        return command;
    }

    private static void RequireReason(System.CommandLine.Parsing.CommandResult result, string command, Option reason)
    {
        if (result.GetResult(reason) is null)
        {
            result.AddError($"'fabric {command}' needs --reason, as in --reason \"retrained on March data\": fault injection is recorded with why");
        }
    }
}
