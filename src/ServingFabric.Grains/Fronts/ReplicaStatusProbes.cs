using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// What one front activation asks replicas about them, rather than sending them requests: a version's metadata (by
/// loading it), its readiness, and on the front's timer the status (state, silo, queue depth) of the replicas its
/// versions send traffic to, plus the ejections and recoveries the silo's balancers have for the router. The timer
/// interleaves with requests, so a slow router or a dead silo never holds one up. One per activation.
/// </summary>
internal sealed partial class ReplicaStatusProbes(
    IOptions<InferenceFrontOptions> options, ReplicaBalancer balancer, IGrainFactory grains, ILocalSiloDetails silo, ILogger<ReplicaStatusProbes> logger)
{
    private readonly TimeSpan _interval = options.Value.StatusRefreshInterval;
    private readonly TimeSpan _timeout = options.Value.StatusTimeout;
    private readonly List<(string Version, VersionBalancer Balancer)> _versions = [];
    private readonly List<ReplicaSlot> _due = [];
    private readonly List<VersionBalancer> _owners = [];

    /// <summary>Loads the version on one replica and returns its status, trying the next when a silo is gone.</summary>
    public async Task<ReplicaStatus> EnsureLoadedAsync(VersionRoute route, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await grains.GetGrain<IModelReplicaGrain>(route.ReplicaKeys[i]).EnsureLoaded(cancellationToken);
            }
            catch (Exception ex) when (i + 1 < route.ReplicaKeys.Count && ReplicaCallFailures.Classify(ex) == ReplicaCallOutcome.SiloUnreachable)
            {
                LogReplicaUnreachable(logger, route.ReplicaKeys[i], ex.Message);
            }
        }
    }

    /// <summary>Ready when one replica of <paramref name="route"/> is; else why not (the last reason heard).</summary>
    public async Task<ModelReadiness> GetReadinessAsync(RoutingTable table, VersionRoute route)
    {
        if (!table.Loaded)
        {
            return new ModelReadiness(false, route.Version, $"model '{table.ModelName}' is unloaded");
        }

        string? reason = null;
        foreach (var key in route.ReplicaKeys)
        {
            ReplicaStatus status;
            try
            {
                status = await grains.GetGrain<IModelReplicaGrain>(key).GetStatus();
            }
            catch (Exception ex) when (ReplicaCallFailures.Classify(ex) == ReplicaCallOutcome.SiloUnreachable)
            {
                reason = $"replica {key} did not answer: {ex.Message}";
                continue;
            }

            if (status.State == ReplicaState.Ready)
            {
                return new ModelReadiness(true, route.Version, null);
            }

            reason = status.Error ?? $"replica {key} is {status.State.ToString().ToLowerInvariant()}";
        }

        return new ModelReadiness(false, route.Version, reason ?? "no replica");
    }

    /// <summary>The timer's round: health reports to the router, then status probes of the routed versions' replicas that are due.</summary>
    public async Task RefreshAsync(string model, RoutingTable? table, CancellationToken cancellationToken)
    {
        _versions.Clear();
        balancer.CollectModel(model, _versions);
        await ReportHealthAsync(model);
        if (table is not { Loaded: true })
        {
            return;
        }

        _due.Clear();
        _owners.Clear();
        foreach (var (version, replicas) in _versions)
        {
            if (VersionChooser.Find(table, version) is null)
            {
                continue;
            }

            var before = _due.Count;
            replicas.ClaimStatusRefresh(_interval, _due);
            for (var i = before; i < _due.Count; i++)
            {
                _owners.Add(replicas);
            }
        }

        if (_due.Count == 0)
        {
            return;
        }

        var probes = new Task[_due.Count];
        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = ProbeAsync(_owners[i], _due[i], cancellationToken);
        }

        await Task.WhenAll(probes);
    }

    private async Task ProbeAsync(VersionBalancer replicas, ReplicaSlot slot, CancellationToken cancellationToken)
    {
        ReplicaStatus? status = null;
        try
        {
            status = await grains.GetGrain<IModelReplicaGrain>(slot.Key).GetStatus().WaitAsync(_timeout, cancellationToken);
        }
        catch (Exception ex)
        {
            LogReplicaUnreachable(logger, slot.Key, ex.Message);
        }

        replicas.ApplyStatus(slot, status);
    }

    private async Task ReportHealthAsync(string model)
    {
        var router = grains.GetGrain<IModelRouterGrain>(model);
        var reporter = $"front on silo {silo.SiloAddress}";
        foreach (var (_, replicas) in _versions)
        {
            while (replicas.TryTakeReport(out var pending))
            {
                try
                {
                    await router.ReportReplicaHealth(pending.ReplicaKey, new ReplicaHealthReport(pending.Verdict, pending.Reason, reporter));
                }
                catch (Exception ex)
                {
                    // The event log misses one entry; routing is unaffected, and the supervisor still sees the replica.
                    LogHealthReportFailed(logger, ex, pending.ReplicaKey, pending.Verdict);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Replica {ReplicaKey} did not answer ({Reason}); first choices avoid it until it answers again, on this silo or where the supervisor re-activates it")]
    private static partial void LogReplicaUnreachable(ILogger logger, string replicaKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the router that replica {ReplicaKey} is {Verdict}; the model's event log misses this entry. Routing is unaffected; check that the router's silo is up.")]
    private static partial void LogHealthReportFailed(ILogger logger, Exception exception, string replicaKey, ReplicaHealthVerdict verdict);
}
