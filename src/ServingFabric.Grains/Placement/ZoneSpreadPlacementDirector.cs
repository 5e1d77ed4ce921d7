using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace ServingFabric.Grains.Placement;

/// <summary>
/// Places replica grains (<c>model/version/index</c>) with <see cref="ZoneSpreadChoice"/>: inference silos only,
/// one zone after another, a silo below the model's CPU and memory limits first, then one without a replica of the
/// version, then the least loaded. A keyed singleton
/// called concurrently: it reads only local state (silo metadata cache, placement hints) and makes no grain calls.
/// </summary>
internal sealed partial class ZoneSpreadPlacementDirector(
    SiloMetadataReader metadata,
    ReplicaPlacementHints hints,
    GpuPlacementView gpus,
    ILogger<ZoneSpreadPlacementDirector> logger) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = target.GrainIdentity.Key.ToString() ?? "";
        var (model, version, index) = ReplicaPlacementHints.TryParse(key, out var parsed) ? parsed : (key, "", 0);

        var candidates = SiloTopology.Describe(context.GetCompatibleSilos(target), metadata.Of, hints.LoadOf);
        if (gpus.GpuExecutionOf(model) is { } execution)
        {
            candidates = GpuCandidates(key, model, version, candidates, execution);
        }

        var siblings = new HashSet<SiloAddress>(hints.SiblingSilos(model, version, index));
        siblings.UnionWith(SiblingsFromCaller(target));
        var busy = candidates.Where(c => hints.IsAboveLimits(model, c.Silo)).Select(c => c.Silo).ToHashSet();
        var silo = ZoneSpreadChoice.Choose(candidates, $"{model}/{version}", index, siblings, busy);
        if (silo is null)
        {
            LogNoInferenceSilo(logger, key, candidates.Count);
            throw new SiloUnavailableException(
                $"no active silo has the '{SiloMetadataKeys.InferenceRole}' role to host replica '{key}'; start a silo whose roles include inference");
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogPlaced(logger, key, silo, string.Join(", ", candidates.Select(c => $"{c.Silo} zone '{c.Zone}' inference {c.IsInference} load {c.Load}{(busy.Contains(c.Silo) ? " above limits" : "")}")));
        }

        hints.Record(key, silo);
        return Task.FromResult(silo);
    }

    // A GPU model goes to inference silos whose GPUs have room, spread over the zones that have such silos. With none,
    // it goes to a GPU silo anyway (its load then says what is missing) unless it may fall back to the CPU anywhere.
    private List<PlacementCandidate> GpuCandidates(string key, string model, string version, IReadOnlyList<PlacementCandidate> candidates, Models.ExecutionSpec execution)
    {
        var inference = candidates.Where(c => c.IsInference).ToList();
        var able = inference.Where(c => gpus.CanHost(c, metadata.Of(c.Silo), model, version, execution, hints.SessionsOn)).ToList();
        if (able.Count > 0)
        {
            return able;
        }

        var withGpus = inference.Where(c => GpuCapacity.Devices(metadata.Of(c.Silo)).Count > 0).ToList();
        LogNoGpuRoom(logger, key, inference.Count, withGpus.Count, execution.GpuMemoryLimitBytes is { } bytes ? $"{bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes" : "a whole GPU");
        return execution.Fallback == Models.ExecutionFallback.Cpu || withGpus.Count == 0 ? [.. candidates] : withGpus;
    }

    /// <summary>
    /// Request-context key under which a caller (the router's supervisor moving a replica) names the silos that host
    /// the version's other replicas, as parsable silo addresses separated by ';'. A migration is placed on the silo
    /// the replica leaves, whose own hints may not know where its siblings are.
    /// </summary>
    public const string SiblingSilosKey = "sf.sibling-silos";

    private static IEnumerable<SiloAddress> SiblingsFromCaller(PlacementTarget target) =>
        target.RequestContextData is { } data && data.TryGetValue(SiblingSilosKey, out var value) && value is string silos
            ? silos.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(SiloAddress.FromParsableString)
            : [];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Placed replica {ReplicaKey} on {Silo}; candidates: {Candidates}")]
    private static partial void LogPlaced(ILogger logger, string replicaKey, SiloAddress silo, string candidates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} needs a GPU with room for it ({Need}), and none of the {Count} inference silo(s) ({GpuSilos} with GPUs) has room; placing it where it will report what is missing. Add GPU nodes, lower gpu_memory_limit_bytes, or unload a model.")]
    private static partial void LogNoGpuRoom(ILogger logger, string replicaKey, int count, int gpuSilos, string need);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} cannot be placed: none of the {Count} compatible silo(s) has the inference role. Start a silo with ServingFabric:Silo:Roles including 'inference'.")]
    private static partial void LogNoInferenceSilo(ILogger logger, string replicaKey, int count);
}
