using Microsoft.Extensions.Logging;
using ServingFabric.Grains.Releases;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Drives the versions registry and the release controller (Releases/) on the router's state: fronts' outcome reports
/// gather in an inbox, every supervisor round feeds them to the running release's policy, and every change (an
/// operator's command or a release's decision) is carried out: events, a new routing table, the write, and the
/// retired versions' replicas unloaded once fronts have dropped them.
/// </summary>
internal sealed partial class ReleaseDriver(IRouterContext router, RetiredReplicas retired, ReleaseOptions options, TimeProvider time, ILogger<ReleaseDriver> logger)
{
    private readonly OutcomeInbox _outcomes = new();

    /// <summary>The versions of <paramref name="spec"/> as the router's state has them.</summary>
    public VersionRegistry Versions(ModelDeploymentSpec spec) => new(router.State.Releases, spec, time);

    /// <summary>Weights, mirror, faults and the running release's arms; null when there is none of these.</summary>
    public TrafficPolicy? TrafficPolicyOf(ModelDeploymentSpec spec) => Controller(spec).CurrentTrafficPolicy();

    /// <summary>The running or latest release as operators see it; null when none ever ran.</summary>
    public ExperimentView? CurrentView() => router.State.Releases.Release is { } release ? ReleaseViews.Of(release) : null;

    /// <summary>Every known version with its share of unversioned requests.</summary>
    public IReadOnlyList<ModelVersionInfo> Describe(ModelDeploymentSpec spec) => Versions(spec).Describe(TrafficPolicyOf(spec)?.Weights ?? []);

    /// <summary>The control's slow-request threshold for a new release: its recent latency quantile in ms, or null without data.</summary>
    public double? LatencyBaselineMs(string version) => _outcomes.LatencyQuantile(version, options.SlowQuantile, time.GetUtcNow());

    /// <summary>A front's flush: arms of the running release, and every version's latency histogram.</summary>
    public void Ingest(OutcomeReport report)
    {
        var running = router.State.Releases.Release is { IsRunning: true } release
            ? new ExperimentArms(release.ArmsId, release.Kind, release.Control, release.Candidate)
            : null;
        var problems = _outcomes.Add(report, running, time.GetUtcNow(), options.LatencyBaselineWindow);
        if (problems.Count > 0)
        {
            LogOutcomesDropped(logger, router.Model, report.Reporter, string.Join("; ", problems));
        }
    }

    /// <summary>Runs an operator's command on the controller (its registry for version changes), then carries out the change at once.</summary>
    public async Task<T> ChangeAsync<T>(ModelDeploymentSpec spec, Func<ReleaseController, ReleaseChange, T> command)
    {
        var change = new ReleaseChange();
        var result = command(Controller(spec), change);
        var retiredKeys = Carry(spec, change);
        if (change.StateChanged)
        {
            await router.WriteStateAsync();
        }

        await UnloadRetiredAsync(retiredKeys);
        return result;
    }

    /// <summary>Runs an operator's command that answers nothing, then carries out the change at once.</summary>
    public Task ChangeAsync(ModelDeploymentSpec spec, Action<ReleaseController, ReleaseChange> command) =>
        ChangeAsync(spec, (controller, change) =>
        {
            command(controller, change);
            return true;
        });

    /// <summary>A supervisor round's evaluation of the running release; true when the state changed and is not yet written.</summary>
    public async Task<bool> EvaluateAsync(ModelDeploymentSpec spec, CancellationToken cancellationToken)
    {
        if (router.State.Releases.Release is not { IsRunning: true } release)
        {
            return false;
        }

        var change = new ReleaseChange();
        Controller(spec).Evaluate(_outcomes.Take(release.ArmsId), change);
        var retiredKeys = Carry(spec, change);
        if (retiredKeys.Count == 0)
        {
            return change.StateChanged;
        }

        // A promotion retired a version: record it before its replicas go, so a failure while unloading loses nothing.
        await router.WriteStateAsync(cancellationToken);
        await UnloadRetiredAsync(retiredKeys);
        return false;
    }

    /// <summary>A supervisor round unloads the retired replicas whose drain delay has passed.</summary>
    public Task UnloadDueRetiredAsync() => retired.UnloadDueAsync();

    private ReleaseController Controller(ModelDeploymentSpec spec) => new(router.State.Releases, spec, options, time);

    /// <summary>Appends the change's events, invalidates the table and forgets retired replicas; returns their keys to unload.</summary>
    private List<string> Carry(ModelDeploymentSpec spec, ReleaseChange change)
    {
        foreach (var draft in change.Events)
        {
            router.AppendEvent(draft);
        }

        if (change.TrafficChanged)
        {
            router.InvalidateTable();
        }

        var roster = new ReplicaRoster(router.State, spec);
        var keys = change.RetiredVersions.SelectMany(roster.ServingKeys).ToList();
        foreach (var key in keys)
        {
            router.State.Replicas.Remove(key);
        }

        return keys;
    }

    // Without a supervisor no round comes to unload them later, so they go at once.
    private Task UnloadRetiredAsync(List<string> keys)
    {
        retired.Schedule(keys);
        return keys.Count > 0 && !router.IsSupervising ? retired.UnloadDueAsync(force: true) : Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: outcome report from {Reporter} had entries the router dropped ({Problems}); the front that sent them has a bug, check its version")]
    private static partial void LogOutcomesDropped(ILogger logger, string model, string reporter, string problems);
}
