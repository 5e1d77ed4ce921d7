using System.CommandLine;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>scaling set: bounds, targets and admission limits of a model's scaling.</summary>
internal static class ScalingCommands
{
    public static LeafCommand Set()
    {
        var model = Words.Model();
        (string Field, Option Option)[] settings =
        [
            ("min_replicas", FabricOptions.Integer("--min", "2", "fewest replicas per version")),
            ("max_replicas", FabricOptions.Integer("--max", "8", "most replicas per version")),
            ("target_in_flight_per_replica", FabricOptions.Number("--target-in-flight", "4", "target requests in flight per replica")),
            ("target_queue_depth_per_replica", FabricOptions.Number("--target-queue-depth", "8", "target queued requests per replica")),
            ("target_p95_latency_ms", FabricOptions.Number("--target-p95-ms", "50", "target p95 latency in milliseconds")),
            ("max_cpu_percent", FabricOptions.Number("--max-cpu-percent", "80", "new replicas avoid silos above this CPU")),
            ("max_memory_percent", FabricOptions.Number("--max-memory-percent", "85", "new replicas avoid silos above this memory")),
            ("scale_down_stabilization_seconds", FabricOptions.Number("--scale-down-seconds", "300", "scale down only to the highest recommendation of this window")),
            ("scale_up_stabilization_seconds", FabricOptions.Number("--scale-up-seconds", "0", "scale up only to the lowest recommendation of this window")),
            ("max_concurrency", FabricOptions.Integer("--max-concurrency", "16", "requests in flight per version per silo")),
            ("max_queue_length", FabricOptions.Integer("--max-queue-length", "200", "queued requests per version per silo")),
            ("queue_timeout_seconds", FabricOptions.Number("--queue-timeout-seconds", "2", "the longest a request waits in the queue")),
        ];
        var reason = Words.Reason();
        var wait = Words.Wait("every version serves with the replicas the scaler wants");
        var timeout = Words.Timeout("600");
        var command = new LeafCommand("set", "scaling bounds, targets and admission limits", "fabric scaling set iris --min 2 --max 8 --target-in-flight 4", (parse, url) =>
        {
            var body = new JsonObject();
            foreach (var (field, option) in settings)
            {
                switch (parse.GetResult(option)?.GetValueOrDefault<object?>())
                {
                    case long whole:
                        body[field] = whole;
                        break;
                    case double number:
                        body[field] = number;
                        break;
                }
            }

            var name = parse.GetValue(model)!;
            var change = RequestBodies.Change(url, ChangeOperation.UpdateScaling, name, null, body.WithReason(parse, reason));
            return parse.GetValue(wait) ? change with { Wait = new(WaitKind.ScaledOut, name), WaitTimeout = Words.TimeoutOf(parse, timeout, 600) } : change;
        }) { model };
        foreach (var (_, option) in settings)
        {
            command.Add(option);
        }

        command.Add(reason);
        command.Add(wait);
        command.Add(timeout);
        command.Validators.Add(result =>
        {
            if (settings.All(s => result.GetResult(s.Option) is null))
            {
                result.AddError($"'fabric scaling set' needs at least one of {string.Join(", ", settings.Select(s => s.Option.Name))}");
            }
        });
        command.Validators.Add(result => Require.OnlyWith(result, wait, timeout));
        return command;
    }
}
