using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Traffic;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// <c>PUT /v1/models/{name}</c> (the spec an operator may change: default version, weights, mirroring) and fault
/// injection per version (admin only).
/// </summary>
internal static class TrafficEndpoints
{
    private const string Percent = "a percentage from 0 to 100";
    private const string MirrorPercent = "a percentage above 0 and at most 100";
    private const string WeightsExpected = "an array of {\"version\", \"percent\"} summing to 100";

    private static readonly ManagementBodySchema<UpdateModelRequest> SpecBody = new(
        ManagementJsonContext.Default.UpdateModelRequest,
        """{"default_version": "1", "weights": [{"version": "1", "percent": 90}, {"version": "2", "percent": 10}], "mirror": {"version": "3", "percent": 5}, "reason": "shift 10 % to v2"}""",
        new Dictionary<string, string>
        {
            ["default_version"] = BodyMessages.VersionExpected,
            ["weights"] = WeightsExpected,
            ["weights.version"] = BodyMessages.VersionExpected,
            ["weights.percent"] = Percent,
            ["mirror"] = "{\"version\", \"percent\"}, or null to stop mirroring",
            ["mirror.version"] = BodyMessages.VersionExpected,
            ["mirror.percent"] = MirrorPercent,
        });

    private static readonly ManagementBodySchema<FaultInjectionRequest> FaultBody = new(
        ManagementJsonContext.Default.FaultInjectionRequest,
        """{"abort_percent": 20, "abort_status": 503, "delay_percent": 10, "delay_ms": 250, "reason": "rehearse a rollback"}""",
        new Dictionary<string, string>
        {
            ["abort_percent"] = Percent,
            ["abort_status"] = "500 or 503",
            ["delay_percent"] = Percent,
            ["delay_ms"] = "milliseconds from 0 to 600000",
            ["reason"] = "why faults are injected (recorded in the event log)",
        });

    private static readonly ManagementBodySchema<ReasonRequest> ClearFaultBody = new(
        ManagementJsonContext.Default.ReasonRequest, """{"reason": "rehearsal over"}""");

    /// <summary>
    /// <c>PUT /v1/models/{name}</c>. Accepted fields, each optional but at least one of the first three:
    /// <c>default_version</c> (string: the version unversioned requests go to, outside any split);
    /// <c>weights</c> (array of <c>{"version", "percent"}</c> summing to 100: the split of unversioned requests;
    /// <c>[]</c> sends everything to the default); <c>mirror</c> (<c>{"version", "percent"}</c> of requests also sent to
    /// a shadow version whose answers are discarded, or null to stop mirroring; absent keeps it as it is);
    /// <c>reason</c>. The default is set first, then the traffic. 409 while a canary or A/B test runs. Answers the
    /// model as <c>GET /v1/models/{name}</c> does.
    /// </summary>
    public static async Task PutModelAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, SpecBody);
        var defaultVersion = SpecBody.Version("default_version", body.DefaultVersion);
        var weights = ReadWeights(body.Weights);
        var mirrorGiven = body.Mirror is not null;
        var mirror = ReadMirror(body.Mirror?.To);
        if (defaultVersion is null && weights is null && !mirrorGiven)
        {
            throw SpecBody.Invalid("changes nothing", "at least one of default_version, weights or mirror");
        }

        var author = ManagedModels.Author(context, SpecBody.Reason(body.Reason));
        if (defaultVersion is not null)
        {
            await router.SetDefaultVersion(defaultVersion, author);
        }

        if (weights is not null || mirrorGiven)
        {
            // TrafficSettings turns mirroring off when Mirror is null: keep the current mirror unless the body set it.
            if (!mirrorGiven)
            {
                mirror = (await router.GetStatus())?.Traffic?.Mirror;
            }

            await router.SetTraffic(new TrafficSettings(weights, mirror), author);
        }

        await WriteStatusAsync(context, name, router);
    }

    /// <summary>
    /// <c>PUT /v1/models/{name}/versions/{version}/fault</c> (admin only): <c>abort_percent</c> (0-100) of requests
    /// answered with <c>abort_status</c> (500 or 503, default 503) instead of running, <c>delay_percent</c> (0-100)
    /// delayed by <c>delay_ms</c>; <c>reason</c> is required. Replaces any fault set before for the version.
    /// </summary>
    public static async Task PutFaultAsync(HttpContext context, string name, string version, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        ManagedModels.EnsureVersionName(name, version);
        var body = await ManagementBody.ReadAsync(context.Request, FaultBody);
        var abortPercent = FaultBody.Number("abort_percent", body.AbortPercent, p => p is >= 0 and <= 100, Percent) ?? 0;
        var abortStatus = (int)(FaultBody.Integer("abort_status", body.AbortStatus, s => s is 500 or 503, "500 or 503") ?? 503);
        var delayPercent = FaultBody.Number("delay_percent", body.DelayPercent, p => p is >= 0 and <= 100, Percent) ?? 0;
        var delayMs = FaultBody.Number("delay_ms", body.DelayMs, d => d is >= 0 and <= 600_000, "milliseconds from 0 to 600000") ?? 0;
        if (abortPercent == 0 && delayPercent == 0)
        {
            throw FaultBody.Missing("abort_percent", "abort_percent or delay_percent above 0 (to remove faults, DELETE this resource)");
        }

        if (delayPercent > 0 && delayMs == 0)
        {
            throw FaultBody.Missing("delay_ms", "a delay above 0 ms when delay_percent is set");
        }

        var reason = FaultBody.Reason(body.Reason);
        var fault = new FaultInjection(version, abortPercent, abortStatus, delayPercent, TimeSpan.FromMilliseconds(delayMs));
        await router.SetFaultInjection(version, fault, ManagedModels.Author(context, reason));
        await WriteStatusAsync(context, name, router);
    }

    /// <summary><c>DELETE /v1/models/{name}/versions/{version}/fault</c> (admin only): reason in the body or <c>?reason=</c>, required.</summary>
    public static async Task DeleteFaultAsync(HttpContext context, string name, string version, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        ManagedModels.EnsureVersionName(name, version);
        var body = await ManagementBody.ReadAsync(context.Request, ClearFaultBody, required: false);
        var reason = ManagedModels.ReasonOf(context, ClearFaultBody.Reason(body.Reason))
            ?? throw ClearFaultBody.Missing("reason", "why faults are cleared (recorded in the event log), in the body or as ?reason=");
        await router.SetFaultInjection(version, null, ManagedModels.Author(context, reason));
        await WriteStatusAsync(context, name, router);
    }

    private static List<VersionWeight>? ReadWeights(IReadOnlyList<TrafficWeight>? items)
    {
        if (items is null)
        {
            return null;
        }

        var weights = new List<VersionWeight>();
        for (var index = 0; index < items.Count; index++)
        {
            var path = $"weights[{index}]";

            // The contract cannot refuse a null inside a list: null here is a weight that was never given.
            var item = items[index] ?? throw SpecBody.Fail(path, "is null", "{\"version\", \"percent\"}");
            var version = SpecBody.Version($"{path}.version", item.Version)!;
            var percent = SpecBody.Number($"{path}.percent", item.Percent, p => p is >= 0 and <= 100, Percent)!.Value;
            if (weights.Any(w => w.Version == version))
            {
                throw SpecBody.Fail($"{path}.version", $"names version {version} a second time", "each version once");
            }

            weights.Add(new VersionWeight(version, percent));
        }

        var total = weights.Sum(w => w.Percent);
        return weights.Count == 0 || Math.Abs(total - 100) < 1e-6
            ? weights
            : throw SpecBody.Fail("weights", $"sum to {total}", "percentages summing to 100");
    }

    private static MirrorPolicy? ReadMirror(TrafficWeight? mirror) =>
        mirror is null
            ? null
            : new MirrorPolicy(
                SpecBody.Version("mirror.version", mirror.Version)!,
                SpecBody.Number("mirror.percent", mirror.Percent, p => p is > 0 and <= 100, MirrorPercent)!.Value);

    private static async Task WriteStatusAsync(HttpContext context, string name, IModelRouterGrain router)
    {
        var status = await router.GetStatus() ?? throw new InferenceException(InferenceErrorKind.NotFound, $"model '{name}' disappeared while it was changed; retry");
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Model(status), ManagementJsonContext.Default.ModelResponse);
    }
}
