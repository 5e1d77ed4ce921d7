using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The front's timer: tells the router about ejections and recoveries, and probes the status (state, silo, queue
/// depth) of the replicas its versions send traffic to. It interleaves with requests, so a slow router or a dead
/// silo never holds one up, and it never keeps an idle activation alive.
/// </summary>
internal sealed partial class InferenceFrontGrain
{
    private readonly List<(string Version, VersionBalancer Balancer)> _versions = [];
    private readonly List<ReplicaSlot> _due = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(RefreshAsync, new GrainTimerCreationOptions
        {
            DueTime = _options.StatusRefreshInterval,
            Period = _options.StatusRefreshInterval,
            Interleave = true,
            KeepAlive = false,
        });
        return Task.CompletedTask;
    }

    /// <summary>Assesses one replica for readiness and the metadata cache, trying the next when a silo is gone.</summary>
    private async Task<ReplicaStatus> EnsureLoadedAsync(VersionRoute route, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await GrainFactory.GetGrain<IModelReplicaGrain>(route.ReplicaKeys[i]).EnsureLoaded(cancellationToken);
            }
            catch (Exception ex) when (i + 1 < route.ReplicaKeys.Count && ReplicaCallFailures.Classify(ex) == ReplicaCallOutcome.SiloUnreachable)
            {
                LogReplicaUnreachable(logger, route.ReplicaKeys[i], ex.Message);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var model = this.GetPrimaryKeyString();
        _versions.Clear();
        balancer.CollectModel(model, _versions);
        await ReportHealthAsync(model);
        if (_table is not { Loaded: true } table)
        {
            return;
        }

        _due.Clear();
        var owners = new List<VersionBalancer>();
        foreach (var (version, replicas) in _versions)
        {
            if (!IsRouted(table, version))
            {
                continue;
            }

            var before = _due.Count;
            replicas.ClaimStatusRefresh(_options.StatusRefreshInterval, _due);
            for (var i = before; i < _due.Count; i++)
            {
                owners.Add(replicas);
            }
        }

        if (_due.Count == 0)
        {
            return;
        }

        var probes = new Task[_due.Count];
        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = ProbeAsync(owners[i], _due[i], cancellationToken);
        }

        await Task.WhenAll(probes);
    }

    private async Task ProbeAsync(VersionBalancer replicas, ReplicaSlot slot, CancellationToken cancellationToken)
    {
        ReplicaStatus? status = null;
        try
        {
            status = await GrainFactory.GetGrain<IModelReplicaGrain>(slot.Key).GetStatus().WaitAsync(_options.StatusTimeout, cancellationToken);
        }
        catch (Exception ex)
        {
            LogReplicaUnreachable(logger, slot.Key, ex.Message);
        }

        replicas.ApplyStatus(slot, status);
    }

    private async Task ReportHealthAsync(string model)
    {
        var router = GrainFactory.GetGrain<IModelRouterGrain>(model);
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

    private static bool IsRouted(RoutingTable table, string version)
    {
        foreach (var route in table.Versions)
        {
            if (route.Version == version)
            {
                return true;
            }
        }

        return false;
    }
}
