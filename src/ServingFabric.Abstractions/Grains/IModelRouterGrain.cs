using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;

namespace ServingFabric.Grains;

/// <summary>
/// The per-model router (key = model name, persistent): owns the deployment spec, versions and default version,
/// and gives fronts the routing table. Only policy state goes through it; requests never do.
/// </summary>
public interface IModelRouterGrain : IGrainWithStringKey
{
    /// <summary>Deploys or updates the model; idempotent (the same spec changes nothing, not even the revision).</summary>
    Task Deploy(ModelDeploymentSpec spec);

    /// <summary>Takes the model out of service; its replicas unload. The spec is kept for a later load.</summary>
    Task Unload();

    /// <summary>The deployment spec, or null when the model was never deployed.</summary>
    /// <remarks>Always interleaves: a supervisor probe in progress must not hold up fronts refreshing their tables.</remarks>
    [AlwaysInterleave]
    Task<ModelDeploymentSpec?> GetSpec();

    /// <summary>The routing table, or null when the model was never deployed.</summary>
    [AlwaysInterleave]
    Task<RoutingTable?> GetRoutingTable();

    /// <summary>The operator's view: versions, and per replica its silo, zone, state and health; null when never deployed.</summary>
    [AlwaysInterleave]
    Task<ModelStatus?> GetStatus();

    /// <summary>Events with a sequence above <paramref name="afterSequence"/>, oldest first (the log keeps the latest 500).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ModelEvent>> GetEvents(long afterSequence);

    /// <summary>A front reports a replica it ejected, saw fail, or serves again; the router records it in the event log.</summary>
    Task ReportReplicaHealth(string replicaKey, ReplicaHealthReport report);

    // ---- Versions (the router's ReleaseDriver over VersionRegistry) ----

    /// <summary>Registers a version whose artifact is already in the repository; it becomes active (replicas start) and, if asked, the default.</summary>
    Task<ModelVersionInfo> RegisterVersion(VersionRegistration registration, ChangeAuthor author);

    /// <summary>Every version the router knows, active and retired, ascending.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ModelVersionInfo>> GetVersions();

    /// <summary>Makes <paramref name="version"/> the default; the previous default is remembered for <see cref="RollbackDefault"/>.</summary>
    Task SetDefaultVersion(string version, ChangeAuthor author);

    /// <summary>Makes the previous default the default again (409 when there is none).</summary>
    Task<string> RollbackDefault(ChangeAuthor author);

    /// <summary>Retires a version: no traffic, replicas unload (409 for the default or a version in a release).</summary>
    Task RetireVersion(string version, ChangeAuthor author);

    /// <summary>Sets weights and mirroring outside a release (409 while a canary or A/B test runs).</summary>
    Task SetTraffic(TrafficSettings settings, ChangeAuthor author);

    /// <summary>Sets (or with null clears) fault injection for a version. Admin-only at the gateway.</summary>
    Task SetFaultInjection(string version, FaultInjection? fault, ChangeAuthor author);

    // ---- Releases (the router's ReleaseDriver over ReleaseController) ----

    /// <summary>Starts a canary of a registered, active version beside the default (409 when a release runs).</summary>
    Task<ExperimentView> StartCanary(CanaryRequest request, ChangeAuthor author);

    /// <summary>Starts an A/B test (409 when a release runs).</summary>
    Task<ExperimentView> StartAbTest(AbTestRequest request, ChangeAuthor author);

    /// <summary>Operator: promote the candidate now (canary) or the better arm (A/B, 409 without a winner).</summary>
    Task<ExperimentView> PromoteRelease(ChangeAuthor author);

    /// <summary>Operator: roll the canary back now / end the A/B test keeping the control.</summary>
    Task<ExperimentView> AbortRelease(ChangeAuthor author);

    /// <summary>Operator: stop advancing a canary (harm still rolls back).</summary>
    Task<ExperimentView> PauseRelease(ChangeAuthor author);

    /// <summary>Operator: resume a paused or frozen canary.</summary>
    Task<ExperimentView> ResumeRelease(ChangeAuthor author);

    /// <summary>The running or latest release; null when none ever ran.</summary>
    [AlwaysInterleave]
    Task<ExperimentView?> GetExperiment();

    /// <summary>A front's flush of outcomes per version (about once a second); feeds releases and the autoscaler.</summary>
    [AlwaysInterleave]
    Task ReportOutcomes(OutcomeReport report);

    /// <summary>
    /// A gateway's synthetic probe of the model ended: <paramref name="good"/> when answered within the latency objective;
    /// <paramref name="version"/> is the version that answered (null when the probe failed before one did).
    /// </summary>
    [AlwaysInterleave]
    Task ReportProbe(string? version, bool good);

    // ---- Scaling (the router's ReplicaScaler) ----

    /// <summary>Changes scaling settings (bounds, targets, windows, admission limits); 400 when inconsistent.</summary>
    Task<ScalingView> SetScaling(ScalingSettings settings, ChangeAuthor author);

    /// <summary>Scaling settings, replicas and recent decisions.</summary>
    [AlwaysInterleave]
    Task<ScalingView?> GetScaling();
}
