using System.Globalization;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

internal static partial class CliArguments
{
    private static readonly string[] ScalingOptions =
    [
        "--min", "--max", "--target-in-flight", "--target-queue-depth", "--target-p95-ms", "--max-cpu-percent", "--max-memory-percent",
        "--scale-down-seconds", "--scale-up-seconds", "--max-concurrency", "--max-queue-length", "--queue-timeout-seconds",
    ];

    /// <summary>Every command, in the order help lists them.</summary>
    internal static readonly CommandSpec[] Commands =
    [
        new("models get", ["name"], [], "fabric models get iris", (url, w, _) => new GetModelCommand(url, w[0])),
        new("events", [], ["--model", "--after"], "fabric events --model iris",
            (url, _, o) => new ListEventsCommand(url, o.Text("--model"), ParseAfter(o.Text("--after")))),
        new("versions list", ["model"], [], "fabric versions list iris", (url, w, _) => new ListVersionsCommand(url, w[0])),
        new("versions register", ["model", "version"], ["--artifact", "--sha256", "--default", "--reason"],
            "fabric versions register iris 2 --artifact /models-inbox/iris-2.onnx --sha256 <hex> [--default]", RegisterVersion),
        new("versions default", ["model", "version"], ["--reason"], "fabric versions default iris 2",
            (url, w, o) => Change(url, HttpMethod.Post, $"{ModelPath(w[0])}/versions/{Segment(w[1])}/default", WithReason([], o), AnswerView.Versions)),
        new("versions retire", ["model", "version"], ["--reason"], "fabric versions retire iris 1",
            (url, w, o) => Change(url, HttpMethod.Post, $"{ModelPath(w[0])}/versions/{Segment(w[1])}/retire", WithReason([], o), AnswerView.Versions)),
        new("rollback", ["model"], ["--reason"], "fabric rollback iris --reason \"errors after v2\"",
            (url, w, o) => Change(url, HttpMethod.Post, $"{ModelPath(w[0])}/rollback", WithReason([], o), AnswerView.Rollback)),
        new("traffic set", ["model"], ["--weights", "--mirror", "--no-mirror", "--reason"],
            "fabric traffic set iris --weights 1=90,2=10 [--mirror 3=5 | --no-mirror]", SetTraffic),
        new("fault set", ["model", "version"], ["--abort-percent", "--abort-status", "--delay-percent", "--delay-ms", "--reason"],
            "fabric fault set iris 2 --abort-percent 20 --reason \"rehearse a rollback\"", SetFault),
        new("fault clear", ["model", "version"], ["--reason"], "fabric fault clear iris 2 --reason \"rehearsal over\"",
            (url, w, o) => Change(url, HttpMethod.Delete, $"{ModelPath(w[0])}/versions/{Segment(w[1])}/fault",
                WithReason([], o, required: "fault clear"), AnswerView.Model)),
        new("canary start", ["model", "version"], ["--steps", "--min-requests", "--min-step-seconds", "--hard-guard-error-rate", "--reason"],
            "fabric canary start iris 2 --steps 10,25,50,100", StartCanary),
        new("ab start", ["model", "treatment"],
            ["--control", "--treatment-percent", "--metric", "--min-duration-seconds", "--min-samples", "--max-samples", "--reason"],
            "fabric ab start iris 2 --control 1 --metric reward", StartAbTest),
        ReleaseAction("promote"),
        ReleaseAction("abort"),
        ReleaseAction("pause"),
        ReleaseAction("resume"),
        new("experiment get", ["model"], ["--watch", "--interval", "--timeout"], "fabric experiment get iris --watch --interval 5", GetExperiment),
        new("scaling get", ["model"], [], "fabric scaling get iris", (url, w, _) => new GetScalingCommand(url, w[0])),
        new("scaling set", ["model"], [.. ScalingOptions, "--reason"], "fabric scaling set iris --min 2 --max 8 --target-in-flight 4", SetScaling),
    ];

    private static CommandSpec ReleaseAction(string action) =>
        new(action, ["model"], ["--reason"], $"fabric {action} iris --reason \"...\"",
            (url, w, o) => Change(url, HttpMethod.Post, $"{ModelPath(w[0])}/{action}", WithReason([], o), AnswerView.Release));

    private static ChangeCommand RegisterVersion(Uri url, IReadOnlyList<string> words, CliOptions options)
    {
        const string Name = "versions register";
        var body = new JsonObject
        {
            ["version"] = words[1],
            ["artifact"] = options.RequiredText("--artifact", Name, ExampleOf("--artifact")),
            ["sha256"] = options.RequiredText("--sha256", Name, ExampleOf("--sha256")),
            ["default"] = options.Flag("--default"),
        };
        return Change(url, HttpMethod.Post, $"{ModelPath(words[0])}/versions", WithReason(body, options), AnswerView.Version);
    }

    private static ChangeCommand SetTraffic(Uri url, IReadOnlyList<string> words, CliOptions options)
    {
        var body = new JsonObject();
        if (options.Text("--weights") is { } weights)
        {
            body["weights"] = new JsonArray([.. Pairs("--weights", weights).Select(p => (JsonNode)new JsonObject { ["version"] = p.Version, ["percent"] = p.Percent })]);
        }

        if (options.Flag("--no-mirror") && options.Text("--mirror") is not null)
        {
            throw new CliUsageException("give --mirror or --no-mirror, not both");
        }

        if (options.Text("--mirror") is { } mirror)
        {
            var pairs = Pairs("--mirror", mirror);
            body["mirror"] = pairs.Count == 1
                ? new JsonObject { ["version"] = pairs[0].Version, ["percent"] = pairs[0].Percent }
                : throw new CliUsageException($"--mirror '{mirror}' names {pairs.Count} versions; mirror to one, as in --mirror 3=5");
        }
        else if (options.Flag("--no-mirror"))
        {
            body["mirror"] = null;
        }

        return body.Count > 0
            ? Change(url, HttpMethod.Put, ModelPath(words[0]), WithReason(body, options), AnswerView.Model)
            : throw new CliUsageException("'fabric traffic set' needs --weights, --mirror or --no-mirror, as in: fabric traffic set iris --weights 1=90,2=10");
    }

    private static ChangeCommand SetFault(Uri url, IReadOnlyList<string> words, CliOptions options)
    {
        var body = new JsonObject();
        Add(body, "abort_percent", options.Number("--abort-percent", "20"));
        Add(body, "abort_status", options.Integer("--abort-status", "503"));
        Add(body, "delay_percent", options.Number("--delay-percent", "10"));
        Add(body, "delay_ms", options.Number("--delay-ms", "250"));
        return Change(url, HttpMethod.Put, $"{ModelPath(words[0])}/versions/{Segment(words[1])}/fault", WithReason(body, options, required: "fault set"), AnswerView.Model);
    }

    private static ChangeCommand StartCanary(Uri url, IReadOnlyList<string> words, CliOptions options)
    {
        var body = new JsonObject { ["version"] = words[1] };
        if (options.Text("--steps") is { } steps)
        {
            body["steps"] = new JsonArray([.. steps.Split(',', StringSplitOptions.TrimEntries).Select(s => (JsonNode)Percent("--steps", s, steps))]);
        }

        Add(body, "min_requests_per_step", options.Integer("--min-requests", "500"));
        Add(body, "min_step_seconds", options.Number("--min-step-seconds", "60"));
        Add(body, "hard_guard_error_rate", options.Number("--hard-guard-error-rate", "0.05"));
        return Change(url, HttpMethod.Post, $"{ModelPath(words[0])}/canary", WithReason(body, options), AnswerView.Release);
    }

    private static ChangeCommand StartAbTest(Uri url, IReadOnlyList<string> words, CliOptions options)
    {
        var body = new JsonObject { ["treatment"] = words[1] };
        if (options.Text("--control") is { } control)
        {
            body["control"] = control;
        }

        Add(body, "treatment_percent", options.Number("--treatment-percent", "50"));
        if (options.Text("--metric") is { } metric)
        {
            body["metric"] = metric is "reward" or "latency" or "errors"
                ? metric
                : throw new CliUsageException($"--metric '{metric}' is not a metric; give reward, latency or errors");
        }

        Add(body, "minimum_duration_seconds", options.Number("--min-duration-seconds", "3600"));
        Add(body, "min_samples_per_arm", options.Integer("--min-samples", "500"));
        Add(body, "max_samples_per_arm", options.Integer("--max-samples", "100000"));
        return Change(url, HttpMethod.Post, $"{ModelPath(words[0])}/experiments", WithReason(body, options), AnswerView.Release);
    }

    private static GetExperimentCommand GetExperiment(Uri url, IReadOnlyList<string> words, CliOptions options)
    {
        var interval = options.Number("--interval", "5") ?? 5;
        var timeout = options.Number("--timeout", "3600") ?? 3600;
        if (!options.Flag("--watch") && (options.Text("--interval") is not null || options.Text("--timeout") is not null))
        {
            throw new CliUsageException("--interval and --timeout only apply with --watch");
        }

        return interval is >= 0.5 and <= 3600 && timeout is > 0 and <= 7 * 86400
            ? new GetExperimentCommand(url, words[0], options.Flag("--watch"), TimeSpan.FromSeconds(interval), TimeSpan.FromSeconds(timeout))
            : throw new CliUsageException($"--interval must be 0.5 to 3600 seconds and --timeout above 0 and at most a week (604800); got {interval} and {timeout}");
    }

    private static ChangeCommand SetScaling(Uri url, IReadOnlyList<string> words, CliOptions options)
    {
        var body = new JsonObject();
        Add(body, "min_replicas", options.Integer("--min", "2"));
        Add(body, "max_replicas", options.Integer("--max", "8"));
        Add(body, "target_in_flight_per_replica", options.Number("--target-in-flight", "4"));
        Add(body, "target_queue_depth_per_replica", options.Number("--target-queue-depth", "8"));
        Add(body, "target_p95_latency_ms", options.Number("--target-p95-ms", "50"));
        Add(body, "max_cpu_percent", options.Number("--max-cpu-percent", "80"));
        Add(body, "max_memory_percent", options.Number("--max-memory-percent", "85"));
        Add(body, "scale_down_stabilization_seconds", options.Number("--scale-down-seconds", "300"));
        Add(body, "scale_up_stabilization_seconds", options.Number("--scale-up-seconds", "0"));
        Add(body, "max_concurrency", options.Integer("--max-concurrency", "16"));
        Add(body, "max_queue_length", options.Integer("--max-queue-length", "200"));
        Add(body, "queue_timeout_seconds", options.Number("--queue-timeout-seconds", "2"));
        return body.Count > 0
            ? Change(url, HttpMethod.Put, $"{ModelPath(words[0])}/scaling", WithReason(body, options), AnswerView.Scaling)
            : throw new CliUsageException($"'fabric scaling set' needs at least one of {string.Join(", ", ScalingOptions)}");
    }
}
