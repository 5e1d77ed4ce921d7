using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Grains.Releases;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Canaries and A/B tests (Releases/ReleaseController.cs decides): fronts' outcome reports gather in an inbox, and
/// every supervisor round feeds them to the running release's policy and carries out its decision.
/// </summary>
internal sealed partial class ModelRouterGrain
{
    private readonly OutcomeInbox _outcomes = new();
    private ReleaseOptions? _releaseOptions;

    private ReleaseOptions ReleaseDefaults => _releaseOptions ??= services.GetService<IOptions<ReleaseOptions>>()?.Value ?? new ReleaseOptions();

    private TrafficPolicy? CurrentTrafficPolicy() => state.State.Spec is { } spec ? Releases(spec).CurrentTrafficPolicy() : null;

    private ExperimentView? CurrentExperimentView() => state.State.Releases.Release is { } release ? ReleaseViews.Of(release) : null;

    private void IngestReleaseOutcomes(OutcomeReport report)
    {
        var running = state.State.Releases.Release is { IsRunning: true } release
            ? new ExperimentArms(release.ArmsId, release.Kind, release.Control, release.Candidate)
            : null;
        var problems = _outcomes.Add(report, running, time.GetUtcNow(), ReleaseDefaults.LatencyBaselineWindow);
        if (problems.Count > 0)
        {
            LogOutcomesDropped(logger, this.GetPrimaryKeyString(), report.Reporter, string.Join("; ", problems));
        }
    }

    private async Task<bool> EvaluateReleaseAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is not { } spec || state.State.Releases.Release is not { IsRunning: true } release)
        {
            return false;
        }

        var change = new ReleaseChange();
        Releases(spec).Evaluate(_outcomes.Take(release.ArmsId), change);
        var retiredKeys = Carry(spec, change);
        if (retiredKeys.Count == 0)
        {
            return change.StateChanged;
        }

        // A promotion retired a version: record it before its replicas go, so a failure while unloading loses nothing.
        await state.WriteStateAsync(cancellationToken);
        await UnloadRetiredAsync(retiredKeys);
        return false;
    }

    public Task<ExperimentView> StartCanary(CanaryRequest request, ChangeAuthor author) =>
        ReleaseCommandAsync(change => Releases(RequireSpec()).StartCanary(request, author, LatencyBaselineMs, change));

    public Task<ExperimentView> StartAbTest(AbTestRequest request, ChangeAuthor author) =>
        ReleaseCommandAsync(change => Releases(RequireSpec()).StartAbTest(request, author, LatencyBaselineMs, change));

    public Task<ExperimentView> PromoteRelease(ChangeAuthor author) => ReleaseCommandAsync(change => Releases(RequireSpec()).Promote(author, change));

    public Task<ExperimentView> AbortRelease(ChangeAuthor author) => ReleaseCommandAsync(change => Releases(RequireSpec()).Abort(author, change));

    public Task<ExperimentView> PauseRelease(ChangeAuthor author) => ReleaseCommandAsync(change => Releases(RequireSpec()).Pause(author, change));

    public Task<ExperimentView> ResumeRelease(ChangeAuthor author) => ReleaseCommandAsync(change => Releases(RequireSpec()).Resume(author, change));

    public Task<ExperimentView?> GetExperiment() => Task.FromResult(CurrentExperimentView());

    private ReleaseController Releases(ModelDeploymentSpec spec) => new(state.State.Releases, spec, ReleaseDefaults, time);

    private double? LatencyBaselineMs(string version) => _outcomes.LatencyQuantile(version, ReleaseDefaults.SlowQuantile, time.GetUtcNow());

    private async Task<ExperimentView> ReleaseCommandAsync(Action<ReleaseChange> command)
    {
        var change = new ReleaseChange();
        command(change);
        await CommitAsync(RequireSpec(), change);
        return CurrentExperimentView()!;
    }
}
