using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// Progressive delivery: start a canary or an A/B test, operate it (promote, abort, pause, resume) and read it. Every
/// answer is the release as <c>GET /v1/models/{name}/experiment</c> shows it.
/// </summary>
internal static class ReleaseEndpoints
{
    private static readonly string[] CanaryFields = ["version", "steps", "min_requests_per_step", "min_step_seconds", "hard_guard_error_rate", "reason"];
    private static readonly string[] AbFields = ["treatment", "control", "treatment_percent", "metric", "minimum_duration_seconds", "min_samples_per_arm", "max_samples_per_arm", "reason"];
    private static readonly string[] ReasonOnly = ["reason"];
    private const string CanaryExample = """{"version": "2", "steps": [10, 25, 50, 100], "min_requests_per_step": 500, "min_step_seconds": 60, "hard_guard_error_rate": 0.05, "reason": "release v2"}""";
    private const string AbExample = """{"treatment": "2", "control": "1", "treatment_percent": 50, "metric": "reward", "minimum_duration_seconds": 3600, "min_samples_per_arm": 500, "max_samples_per_arm": 100000, "reason": "does v2 rank better?"}""";
    private const string ReasonExample = """{"reason": "why, for the event log"}""";
    private const string StepsExpected = "percentages strictly increasing in (0, 100], the first below 100, as in [10, 25, 50, 100]";

    /// <summary><c>POST /v1/models/{name}/canary</c>: only <c>version</c> is required; the others default as the router documents.</summary>
    public static async Task StartCanaryAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, CanaryFields, CanaryExample);
        var version = body.RequiredVersion("version");
        var steps = body.Numbers("steps", s => s is > 0 and <= 100, StepsExpected);
        if (steps is not null && (steps.Count == 0 || steps.Count > 20 || steps[0] >= 100 || steps.Zip(steps.Skip(1)).Any(p => p.Second <= p.First)))
        {
            throw body.Fail("steps", $"is [{string.Join(", ", steps)}]", $"1 to 20 {StepsExpected}");
        }

        var minRequests = body.Integer("min_requests_per_step", n => n >= 0, "a whole number of requests per arm, 0 or more");
        var minSeconds = body.Number("min_step_seconds", s => s is >= 0 and <= 7 * 86400, "seconds from 0 to 604800 (a week)");
        var hardGuard = body.Number("hard_guard_error_rate", r => r is > 0 and < 1, "an error rate strictly between 0 and 1, such as 0.05 for 5 %");
        var request = new CanaryRequest(version, steps, minRequests, minSeconds is { } s ? TimeSpan.FromSeconds(s) : null, hardGuard);
        var started = await router.StartCanary(request, ManagedModels.Author(context, body.Reason()));
        await WriteCreatedAsync(context, name, started);
    }

    /// <summary><c>POST /v1/models/{name}/experiments</c> (A/B): only <c>treatment</c> is required; <c>control</c> defaults to the default version.</summary>
    public static async Task StartAbTestAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, AbFields, AbExample);
        var treatment = body.RequiredVersion("treatment");
        var control = body.Version("control");
        if (control == treatment)
        {
            throw body.Fail("control", $"is \"{control}\", the same as treatment", "another version than the treatment");
        }

        var percent = body.Number("treatment_percent", p => p is > 0 and < 100, "a percentage strictly between 0 and 100 (50 splits evenly)");
        var metric = ReadMetric(body);
        var minimumSeconds = body.Number("minimum_duration_seconds", s => s is >= 0 and <= 90 * 86400, "seconds from 0 to 7776000 (90 days)");
        var minSamples = body.Integer("min_samples_per_arm", n => n >= 2, "a whole number of at least 2 (500 recommended)");
        var maxSamples = body.Integer("max_samples_per_arm", n => n >= (minSamples ?? 2), $"a whole number of at least min_samples_per_arm ({minSamples ?? 2})");
        var request = new AbTestRequest(treatment, control, percent, metric, minimumSeconds is { } s ? TimeSpan.FromSeconds(s) : null, minSamples, maxSamples);
        var started = await router.StartAbTest(request, ManagedModels.Author(context, body.Reason()));
        await WriteCreatedAsync(context, name, started);
    }

    /// <summary><c>POST /v1/models/{name}/promote</c>.</summary>
    public static Task PromoteAsync(HttpContext context, string name, IGrainFactory grains) =>
        OperateAsync(context, name, grains, (router, author) => router.PromoteRelease(author));

    /// <summary><c>POST /v1/models/{name}/abort</c>.</summary>
    public static Task AbortAsync(HttpContext context, string name, IGrainFactory grains) =>
        OperateAsync(context, name, grains, (router, author) => router.AbortRelease(author));

    /// <summary><c>POST /v1/models/{name}/pause</c>.</summary>
    public static Task PauseAsync(HttpContext context, string name, IGrainFactory grains) =>
        OperateAsync(context, name, grains, (router, author) => router.PauseRelease(author));

    /// <summary><c>POST /v1/models/{name}/resume</c>.</summary>
    public static Task ResumeAsync(HttpContext context, string name, IGrainFactory grains) =>
        OperateAsync(context, name, grains, (router, author) => router.ResumeRelease(author));

    /// <summary><c>GET /v1/models/{name}/experiment</c>: the running or latest release; 404 when none ever ran.</summary>
    public static async Task GetAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        var experiment = await router.GetExperiment() ?? throw new InferenceException(InferenceErrorKind.NotFound,
            $"model '{name}' has had no canary or A/B test; start one with POST /v1/models/{name}/canary or /experiments");
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteExperiment(name, experiment));
    }

    private static async Task OperateAsync(HttpContext context, string name, IGrainFactory grains, Func<IModelRouterGrain, ChangeAuthor, Task<ExperimentView>> operate)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, ReasonOnly, ReasonExample, required: false);
        var experiment = await operate(router, ManagedModels.Author(context, body.Reason()));
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteExperiment(name, experiment));
    }

    private static ExperimentMetric? ReadMetric(JsonFields body)
    {
        const string Expected = "\"reward\" (feedback, higher is better), \"latency\" or \"errors\" (lower is better)";
        return body.String("metric", Expected) switch
        {
            null => null,
            "reward" => ExperimentMetric.Reward,
            "latency" => ExperimentMetric.Latency,
            "errors" => ExperimentMetric.Errors,
            var other => throw body.Fail("metric", $"is \"{other}\"", Expected),
        };
    }

    private static async Task WriteCreatedAsync(HttpContext context, string name, ExperimentView experiment)
    {
        context.Response.Headers.Location = $"/v1/models/{name}/experiment";
        await JsonResults.WriteAsync(context, StatusCodes.Status201Created, OperatorJson.WriteExperiment(name, experiment));
    }
}
