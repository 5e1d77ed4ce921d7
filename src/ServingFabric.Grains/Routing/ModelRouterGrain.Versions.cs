using ServingFabric.Grains.Releases;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// The versions registry (Releases/VersionRegistry.cs does the work): register, default, rollback of the default,
/// retire, operator weights and mirroring, fault injection. Every change is written, seen by fronts through a new
/// revision of the routing table, and logged as an event with who and why.
/// </summary>
internal sealed partial class ModelRouterGrain
{
    private readonly Dictionary<string, DateTimeOffset> _retiring = new(StringComparer.Ordinal);

    private IReadOnlyList<string> ActiveVersions(ModelDeploymentSpec spec) => Registry(spec).Active;

    private string DefaultVersionOf(ModelDeploymentSpec spec) => Registry(spec).Default;

    private IReadOnlyList<ModelVersionInfo>? VersionRegistry(ModelDeploymentSpec spec) => Registry(spec).Describe(CurrentTrafficPolicy()?.Weights ?? []);

    public async Task<ModelVersionInfo> RegisterVersion(VersionRegistration registration, ChangeAuthor author)
    {
        var spec = RequireSpec();
        var change = new ReleaseChange();
        var registered = Registry(spec).Register(registration, author, change);
        await CommitAsync(spec, change);
        return registered;
    }

    public Task<IReadOnlyList<ModelVersionInfo>> GetVersions() => Task.FromResult(VersionRegistry(RequireSpec())!);

    public Task SetDefaultVersion(string version, ChangeAuthor author) =>
        ChangeAsync(change => Registry(RequireSpec()).SetDefault(version, author, change));

    public async Task<string> RollbackDefault(ChangeAuthor author)
    {
        var spec = RequireSpec();
        var change = new ReleaseChange();
        var restored = Registry(spec).RollbackDefault(author, change);
        await CommitAsync(spec, change);
        return restored;
    }

    public Task RetireVersion(string version, ChangeAuthor author) =>
        ChangeAsync(change => Registry(RequireSpec()).Retire(version, author, change));

    public Task SetTraffic(TrafficSettings settings, ChangeAuthor author) =>
        ChangeAsync(change => Registry(RequireSpec()).SetTraffic(settings, author, change));

    public Task SetFaultInjection(string version, FaultInjection? fault, ChangeAuthor author) =>
        ChangeAsync(change => Registry(RequireSpec()).SetFault(version, fault, author, change));

    private VersionRegistry Registry(ModelDeploymentSpec spec) => new(state.State.Releases, spec, time);

    private ModelDeploymentSpec RequireSpec() => state.State.Spec
        ?? throw new InferenceException(InferenceErrorKind.NotFound, $"model '{this.GetPrimaryKeyString()}' is not deployed; load it with POST /v2/repository/models/{this.GetPrimaryKeyString()}/load");

    private async Task ChangeAsync(Action<ReleaseChange> apply)
    {
        var change = new ReleaseChange();
        apply(change);
        await CommitAsync(RequireSpec(), change);
    }

    /// <summary>Carries out a change at once: events, a new table, the write, then retired versions' replicas unload.</summary>
    private async Task CommitAsync(ModelDeploymentSpec spec, ReleaseChange change)
    {
        var retiredKeys = Carry(spec, change);
        if (change.StateChanged)
        {
            await state.WriteStateAsync();
        }

        await UnloadRetiredAsync(retiredKeys);
    }

    /// <summary>
    /// Schedules retired replicas to unload once fronts have dropped them: they leave the routing table with this change,
    /// but a front routes by the table it fetched up to a refresh ago, so a request already on its way must still be
    /// answered. They unload after the drain delay (ServingFabric:Scaling:DrainDelay, 2 s) on a supervisor round.
    /// </summary>
    private Task UnloadRetiredAsync(List<string> keys)
    {
        var due = time.GetUtcNow() + ScalingOptions.DrainDelay;
        foreach (var key in keys)
        {
            _retiring[key] = due;
        }

        return keys.Count > 0 && _supervisor is null ? UnloadDueRetiredAsync(force: true) : Task.CompletedTask;
    }

    /// <summary>Unloads the retired replicas whose drain delay has passed (all of them when forced: no supervisor runs).</summary>
    private async Task UnloadDueRetiredAsync(bool force = false)
    {
        var now = time.GetUtcNow();
        var due = _retiring.Where(entry => force || entry.Value <= now).Select(entry => entry.Key).ToList();
        foreach (var key in due)
        {
            _retiring.Remove(key);
        }

        await Task.WhenAll(due.Select(async key =>
        {
            try
            {
                await GrainFactory.GetGrain<IModelReplicaGrain>(key).Unload();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // It refuses to load again (its version left the table), and is collected when idle.
                LogRetiredReplicaNotUnloaded(logger, ex, key);
            }
        }));
    }

    /// <summary>Appends the change's events, invalidates the table and forgets retired replicas; returns their keys to unload.</summary>
    private List<string> Carry(ModelDeploymentSpec spec, ReleaseChange change)
    {
        foreach (var draft in change.Events)
        {
            AppendEvent(draft);
        }

        if (change.TrafficChanged)
        {
            InvalidateTable();
        }

        var keys = change.RetiredVersions.SelectMany(version => ServingKeys(spec, version)).ToList();
        foreach (var key in keys)
        {
            state.State.Replicas.Remove(key);
        }

        return keys;
    }
}
