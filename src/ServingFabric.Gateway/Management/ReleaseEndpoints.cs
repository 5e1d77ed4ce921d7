using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Releases;
using AbTestContract = ServingFabric.Contracts.Releases.AbTestRequest;
using CanaryContract = ServingFabric.Contracts.Releases.CanaryRequest;
using MetricContract = ServingFabric.Contracts.Releases.ExperimentMetric;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// Progressive delivery: start a canary or an A/B test, operate it (promote, abort, pause, resume) and read it. Every
/// answer is the release as <c>GET /v1/models/{name}/experiment</c> shows it.
/// </summary>
internal static class ReleaseEndpoints
{
    private const string StepsExpected = "percentages strictly increasing in (0, 100], the first below 100, as in [10, 25, 50, 100]";
    private const string MetricExpected = "\"reward\" (feedback, higher is better), \"latency\" or \"errors\" (lower is better)";

    private static readonly ManagementBodySchema<CanaryContract> CanaryBody = new(
        ManagementJsonContext.Default.CanaryRequest,
        """{"version": "2", "steps": [10, 25, 50, 100], "min_requests_per_step": 500, "min_step_seconds": 60, "hard_guard_error_rate": 0.05, "reason": "release v2"}""",
        new Dictionary<string, string>
        {
            ["version"] = BodyMessages.VersionExpected,
            ["steps"] = StepsExpected,
            ["min_requests_per_step"] = "a whole number of requests per arm, 0 or more",
            ["min_step_seconds"] = "seconds from 0 to 604800 (a week)",
            ["hard_guard_error_rate"] = "an error rate strictly between 0 and 1, such as 0.05 for 5 %",
        });

    private static readonly ManagementBodySchema<AbTestContract> AbBody = new(
        ManagementJsonContext.Default.AbTestRequest,
        """{"treatment": "2", "control": "1", "treatment_percent": 50, "metric": "reward", "minimum_duration_seconds": 3600, "min_samples_per_arm": 500, "max_samples_per_arm": 100000, "reason": "does v2 rank better?"}""",
        new Dictionary<string, string>
        {
            ["treatment"] = BodyMessages.VersionExpected,
            ["control"] = BodyMessages.VersionExpected,
            ["treatment_percent"] = "a percentage strictly between 0 and 100 (50 splits evenly)",
            ["metric"] = MetricExpected,
            ["minimum_duration_seconds"] = "seconds from 0 to 7776000 (90 days)",
            ["min_samples_per_arm"] = "a whole number of at least 2 (500 recommended)",
            ["max_samples_per_arm"] = "a whole number of at least min_samples_per_arm",
        });

    /// <summary><c>POST /v1/models/{name}/canary</c>: only <c>version</c> is required; the others default as the router documents.</summary>
    public static async Task StartCanaryAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, CanaryBody);
        var version = CanaryBody.Version("version", body.Version)!;
        var steps = body.Steps;
        for (var index = 0; index < (steps?.Count ?? 0); index++)
        {
            CanaryBody.Number($"steps[{index}]", steps![index], s => s is > 0 and <= 100, StepsExpected);
        }

        if (steps is not null && (steps.Count == 0 || steps.Count > 20 || steps[0] >= 100 || steps.Zip(steps.Skip(1)).Any(p => p.Second <= p.First)))
        {
            throw CanaryBody.Fail("steps", $"is [{string.Join(", ", steps)}]", $"1 to 20 {StepsExpected}");
        }

        var minRequests = CanaryBody.Integer("min_requests_per_step", body.MinRequestsPerStep, n => n >= 0);
        var minSeconds = CanaryBody.Number("min_step_seconds", body.MinStepSeconds, s => s is >= 0 and <= 7 * 86400);
        var hardGuard = CanaryBody.Number("hard_guard_error_rate", body.HardGuardErrorRate, r => r is > 0 and < 1);
        var request = new CanaryRequest(version, steps, minRequests, minSeconds is { } s ? TimeSpan.FromSeconds(s) : null, hardGuard);
        var started = await router.StartCanary(request, ManagedModels.Author(context, CanaryBody.Reason(body.Reason)));
        await WriteCreatedAsync(context, name, started);
    }

    /// <summary><c>POST /v1/models/{name}/experiments</c> (A/B): only <c>treatment</c> is required; <c>control</c> defaults to the default version.</summary>
    public static async Task StartAbTestAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, AbBody);
        var treatment = AbBody.Version("treatment", body.Treatment)!;
        var control = AbBody.Version("control", body.Control);
        if (control == treatment)
        {
            throw AbBody.Fail("control", $"is \"{control}\", the same as treatment", "another version than the treatment");
        }

        var percent = AbBody.Number("treatment_percent", body.TreatmentPercent, p => p is > 0 and < 100);
        var metric = Metric(body.Metric);
        var minimumSeconds = AbBody.Number("minimum_duration_seconds", body.MinimumDurationSeconds, s => s is >= 0 and <= 90 * 86400);
        var minSamples = AbBody.Integer("min_samples_per_arm", body.MinSamplesPerArm, n => n >= 2);
        var maxSamples = AbBody.Integer("max_samples_per_arm", body.MaxSamplesPerArm, n => n >= (minSamples ?? 2), $"a whole number of at least min_samples_per_arm ({minSamples ?? 2})");
        var request = new AbTestRequest(treatment, control, percent, metric, minimumSeconds is { } s ? TimeSpan.FromSeconds(s) : null, minSamples, maxSamples);
        var started = await router.StartAbTest(request, ManagedModels.Author(context, AbBody.Reason(body.Reason)));
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
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var experiment = await router.GetExperiment() ?? throw new InferenceException(InferenceErrorKind.NotFound,
            $"model '{name}' has had no canary or A/B test; start one with POST /v1/models/{name}/canary or /experiments");
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Experiment(name, experiment), ManagementJsonContext.Default.ExperimentResponse);
    }

    private static async Task OperateAsync(HttpContext context, string name, IGrainFactory grains, Func<IModelRouterGrain, ChangeAuthor, Task<ExperimentView>> operate)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, ManagedModels.ReasonBody, required: false);
        var experiment = await operate(router, ManagedModels.Author(context, ManagedModels.ReasonBody.Reason(body.Reason)));
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Experiment(name, experiment), ManagementJsonContext.Default.ExperimentResponse);
    }

    private static ExperimentMetric? Metric(MetricContract? metric) => metric switch
    {
        null => null,
        MetricContract.Latency => ExperimentMetric.Latency,
        MetricContract.Errors => ExperimentMetric.Errors,
        _ => ExperimentMetric.Reward,
    };

    private static async Task WriteCreatedAsync(HttpContext context, string name, ExperimentView experiment)
    {
        context.Response.Headers.Location = $"/v1/models/{name}/experiment";
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status201Created, ManagementAnswers.Experiment(name, experiment), ManagementJsonContext.Default.ExperimentResponse);
    }
}
