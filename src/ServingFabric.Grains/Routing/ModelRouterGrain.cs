using Microsoft.Extensions.Logging;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Owns a model's deployment: spec, versions, default version, loaded or not. Fronts read the routing table from
/// it; requests never pass through it.
/// </summary>
internal sealed partial class ModelRouterGrain(
    [PersistentState("router", ServingFabricStorage.Name)] IPersistentState<ModelRouterState> state,
    ILogger<ModelRouterGrain> logger) : Grain, IModelRouterGrain
{
    private RoutingTable? _table;

    public async Task Deploy(ModelDeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = this.GetPrimaryKeyString();
        if (spec.Name != name)
        {
            throw new ArgumentException($"Spec for model '{spec.Name}' sent to the router of '{name}'.", nameof(spec));
        }

        if (state.State.Loaded && state.State.Spec is { } current && DeploymentSpecs.AreEquivalent(current, spec))
        {
            return;
        }

        state.State.Spec = spec;
        state.State.Loaded = true;
        state.State.Revision++;
        await state.WriteStateAsync();
        _table = null;
        LogDeployed(logger, name, string.Join(", ", spec.Versions), spec.DefaultVersion, state.State.Revision);
    }

    public async Task Unload()
    {
        if (state.State.Spec is not { } spec || !state.State.Loaded)
        {
            return;
        }

        state.State.Loaded = false;
        state.State.Revision++;
        await state.WriteStateAsync();
        _table = null;
        LogUnloaded(logger, spec.Name, state.State.Revision);

        var unloads = new List<Task>();
        foreach (var version in spec.Versions)
        {
            for (var index = 0; index < spec.ReplicasPerVersion; index++)
            {
                unloads.Add(GrainFactory.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(spec.Name, version, index)).Unload());
            }
        }

        await Task.WhenAll(unloads);
    }

    public Task<ModelDeploymentSpec?> GetSpec() => Task.FromResult(state.State.Spec);

    public Task<RoutingTable?> GetRoutingTable()
    {
        if (state.State.Spec is not { } spec)
        {
            return Task.FromResult<RoutingTable?>(null);
        }

        _table ??= BuildTable(spec, state.State.Loaded, state.State.Revision);
        return Task.FromResult<RoutingTable?>(_table);
    }

    private static RoutingTable BuildTable(ModelDeploymentSpec spec, bool loaded, long revision)
    {
        var versions = new VersionRoute[spec.Versions.Count];
        for (var v = 0; v < versions.Length; v++)
        {
            var keys = new string[spec.ReplicasPerVersion];
            for (var index = 0; index < keys.Length; index++)
            {
                keys[index] = ReplicaKey.Format(spec.Name, spec.Versions[v], index);
            }

            versions[v] = new VersionRoute(spec.Versions[v], keys);
        }

        return new RoutingTable(spec.Name, revision, loaded, spec.DefaultVersion, versions, spec.Config.MaxBatchSize);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} deployed: versions [{Versions}], default {DefaultVersion}, revision {Revision}")]
    private static partial void LogDeployed(ILogger logger, string model, string versions, string defaultVersion, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} unloaded at revision {Revision}; load it again with POST /v2/repository/models/{Model}/load")]
    private static partial void LogUnloaded(ILogger logger, string model, long revision);
}
