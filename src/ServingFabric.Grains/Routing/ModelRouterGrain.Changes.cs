using ServingFabric.Grains.Releases;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Operators' changes, carried out at once by the <see cref="ReleaseDriver"/> (versions, releases) and the
/// <see cref="ReplicaScaler"/>: written, seen by fronts in a new table revision, logged as events with who and why.
/// </summary>
internal sealed partial class ModelRouterGrain
{
    public Task<ModelVersionInfo> RegisterVersion(VersionRegistration registration, ChangeAuthor author) =>
        StoredAsync(() => _releases.ChangeAsync(RequireSpec(), (releases, change) => releases.Registry.Register(registration, author, change)));

    public Task<IReadOnlyList<ModelVersionInfo>> GetVersions() => Task.FromResult(_releases.Describe(RequireSpec()));

    public Task SetDefaultVersion(string version, ChangeAuthor author) =>
        ChangeAsync((releases, change) => releases.Registry.SetDefault(version, author, change));

    public Task<string> RollbackDefault(ChangeAuthor author) =>
        StoredAsync(() => _releases.ChangeAsync(RequireSpec(), (releases, change) => releases.Registry.RollbackDefault(author, change)));

    public Task RetireVersion(string version, ChangeAuthor author) => ChangeAsync((releases, change) => releases.Registry.Retire(version, author, change));

    public Task SetTraffic(TrafficSettings settings, ChangeAuthor author) => ChangeAsync((releases, change) => releases.Registry.SetTraffic(settings, author, change));

    public Task SetFaultInjection(string version, FaultInjection? fault, ChangeAuthor author) =>
        ChangeAsync((releases, change) => releases.Registry.SetFault(version, fault, author, change));

    public Task<ExperimentView> StartCanary(CanaryRequest request, ChangeAuthor author) =>
        ReleaseCommandAsync((releases, change) => releases.StartCanary(request, author, _releases.LatencyBaselineMs, change));

    public Task<ExperimentView> StartAbTest(AbTestRequest request, ChangeAuthor author) =>
        ReleaseCommandAsync((releases, change) => releases.StartAbTest(request, author, _releases.LatencyBaselineMs, change));

    public Task<ExperimentView> PromoteRelease(ChangeAuthor author) => ReleaseCommandAsync((releases, change) => releases.Promote(author, change));

    public Task<ExperimentView> AbortRelease(ChangeAuthor author) => ReleaseCommandAsync((releases, change) => releases.Abort(author, change));

    public Task<ExperimentView> PauseRelease(ChangeAuthor author) => ReleaseCommandAsync((releases, change) => releases.Pause(author, change));

    public Task<ExperimentView> ResumeRelease(ChangeAuthor author) => ReleaseCommandAsync((releases, change) => releases.Resume(author, change));

    public Task<ExperimentView?> GetExperiment() => Task.FromResult(_releases.CurrentView());

    public Task<ScalingView> SetScaling(ScalingSettings settings, ChangeAuthor author) =>
        StoredAsync(() => _scaler.SetAsync(settings, author, State.Spec is { } spec ? _releases.Versions(spec).Active : []));

    public Task<ScalingView?> GetScaling() =>
        Task.FromResult(State.Spec is { } spec ? _scaler.ViewOf(spec, _releases.Versions(spec).Active) : null);

    private ModelDeploymentSpec RequireSpec() => State.Spec
        ?? throw new InferenceException(InferenceErrorKind.NotFound, $"model '{Model}' is not deployed; load it with POST /v2/repository/models/{Model}/load");

    private Task ChangeAsync(Action<ReleaseController, ReleaseChange> command) => StoredAsync(() => _releases.ChangeAsync(RequireSpec(), command));

    private async Task<ExperimentView> ReleaseCommandAsync(Action<ReleaseController, ReleaseChange> command)
    {
        await ChangeAsync(command);
        return _releases.CurrentView()!;
    }
}
