using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Deployment;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Grains.Deployment;

/// <summary>
/// Brings models from the model repository into the cluster (deploy to the router, register in the catalog,
/// warm every replica) and takes them out again. Used at silo start-up and, as <see cref="IModelDeployer"/>, by
/// Triton's repository extension.
/// </summary>
public sealed partial class ModelDeployer(
    IGrainFactory grains,
    IModelRepository repository,
    IOptions<ModelDeploymentOptions> options,
    IKnownModels knownModels,
    ILogger<ModelDeployer> logger) : IModelDeployer
{
    /// <summary>Loads every model of the repository; a model that fails is logged and the others still load.</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        var models = repository.ListModels();
        LogRepositoryScan(logger, repository.Location, models.Count);
        for (var i = 0; i < models.Count; i++)
        {
            try
            {
                LogProgress(logger, i + 1, models.Count, models[i]);
                await LoadAsync(models[i], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogModelFailed(logger, ex, models[i], repository.Location);
            }
        }
    }

    /// <summary>
    /// Deploys a model from the repository and waits for one replica of each version to load. Returns each version's
    /// readiness; a version that fails (for example a SHA-256 mismatch) does not stop the others.
    /// </summary>
    public async Task<IReadOnlyList<ModelReadiness>> LoadAsync(string modelName, CancellationToken cancellationToken)
    {
        var model = (ModelNames.IsValid(modelName) ? repository.Find(modelName) : null)
            ?? throw new InferenceException(InferenceErrorKind.NotFound, $"model '{modelName}' is not in the model repository at {repository.Location}");
        if (model.Versions.Count == 0 || model.DefaultVersion is not { } defaultVersion)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"model '{modelName}' has no version folder with a model.onnx in {repository.Location}/{modelName}; add <version>/model.onnx");
        }

        if (!model.Versions.Contains(defaultVersion))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"model '{modelName}': config.json default_version '{defaultVersion}' is not a version folder; versions: {string.Join(", ", model.Versions)}");
        }

        // A version starts at its minimum; the router's autoscaler adds replicas within the bounds.
        var replicas = model.Config.Replicas?.Min ?? options.Value.DefaultMinReplicas;
        var spec = new ModelDeploymentSpec(model.Name, model.Config, model.Versions, defaultVersion, replicas);
        await grains.GetGrain<IModelRouterGrain>(model.Name).Deploy(spec);
        await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).Register(model.Name);
        knownModels.Add(model.Name);
        // Warm what the router serves after merging with its registry: registered versions too, retired ones not.
        var table = await grains.GetGrain<IModelRouterGrain>(model.Name).GetRoutingTable();
        return await WarmAsync(spec.Name, table?.Versions ?? [], cancellationToken);
    }

    /// <summary>Takes a model out of service; its replicas release their sessions.</summary>
    public async Task UnloadAsync(string modelName)
    {
        var router = grains.GetGrain<IModelRouterGrain>(modelName);
        if (!ModelNames.IsValid(modelName) || await router.GetSpec() is null)
        {
            throw new InferenceException(InferenceErrorKind.NotFound, $"model '{modelName}' is not deployed");
        }

        await router.Unload();
    }

    /// <summary>Every model version the repository or the cluster knows, with its state.</summary>
    public async Task<IReadOnlyList<RepositoryIndexEntry>> IndexAsync(bool readyOnly, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(repository.ListModels(), StringComparer.Ordinal);
        names.UnionWith(await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels());

        var entries = new List<RepositoryIndexEntry>();
        foreach (var name in names)
        {
            var table = await grains.GetGrain<IModelRouterGrain>(name).GetRoutingTable();
            if (table is null || !table.Loaded)
            {
                if (!readyOnly)
                {
                    var versions = table?.Versions.Select(v => v.Version) ?? repository.Find(name)?.Versions ?? [];
                    entries.AddRange(versions.Select(v => new RepositoryIndexEntry(name, v, "UNAVAILABLE", "unloaded")));
                }

                continue;
            }

            var front = grains.GetGrain<IInferenceFrontGrain>(name);
            foreach (var route in table.Versions)
            {
                var readiness = await front.GetReadiness(route.Version, cancellationToken);
                if (readiness.Ready || !readyOnly)
                {
                    entries.Add(new RepositoryIndexEntry(name, route.Version, readiness.Ready ? "READY" : StateOf(readiness), readiness.Reason));
                }
            }
        }

        return entries;
    }

    private static string StateOf(ModelReadiness readiness) =>
        readiness.Reason is { } reason && reason.Contains("loading", StringComparison.Ordinal) ? "LOADING" : "UNAVAILABLE";

    private async Task<IReadOnlyList<ModelReadiness>> WarmAsync(string model, IReadOnlyList<VersionRoute> routes, CancellationToken cancellationToken)
    {
        var results = new List<ModelReadiness>();
        foreach (var route in routes)
        {
            var version = route.Version;
            var started = Stopwatch.GetTimestamp();
            var statuses = await Task.WhenAll(route.ReplicaKeys
                .Select(key => grains.GetGrain<IModelReplicaGrain>(key).EnsureLoaded(cancellationToken)));
            var failed = statuses.FirstOrDefault(s => s.State != ReplicaState.Ready);
            if (failed is null)
            {
                LogVersionReady(logger, model, version, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                results.Add(new ModelReadiness(true, version, null));
            }
            else
            {
                LogVersionRefused(logger, model, version, failed.Error ?? failed.State.ToString());
                results.Add(new ModelReadiness(false, version, failed.Error));
            }
        }

        return results;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model repository {Location}: {Count} model(s) found")]
    private static partial void LogRepositoryScan(ILogger logger, string location, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading model {Index}/{Count}: {Model}")]
    private static partial void LogProgress(ILogger logger, int index, int count, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} version {Version} ready in {Milliseconds:F0} ms")]
    private static partial void LogVersionReady(ILogger logger, string model, string version, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} version {Version} refused: {Reason}. The other versions keep serving; fix the artifact or config.json and POST /v2/repository/models/{Model}/load")]
    private static partial void LogVersionRefused(ILogger logger, string model, string version, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} could not be loaded from {Location}; fix its folder and POST /v2/repository/models/{Model}/load")]
    private static partial void LogModelFailed(ILogger logger, Exception exception, string model, string location);
}
