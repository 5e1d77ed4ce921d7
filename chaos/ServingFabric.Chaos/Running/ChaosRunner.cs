using System.Globalization;
using ServingFabric.Chaos.Fabric;
using ServingFabric.Chaos.Faults;
using ServingFabric.Chaos.Load;

namespace ServingFabric.Chaos.Running;

/// <summary>
/// Drives faults one after another against a running cluster under load: waits the fault's gap (restarting any silo
/// process that exits, as a Deployment would), injects it, ends it, then waits until the full replica count is back in
/// the operator view before the next. It only ever signals the harness's own child processes, by id.
/// </summary>
internal sealed partial class ChaosRunner(ChaosCluster cluster, OpenLoopLoad load, Action<string> log)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the full replica count may take to come back before the fault is reported stuck.</summary>
    public TimeSpan RecoveryLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long SIGTERM may take (the silos' ShutdownTimeout is 30 s) before the harness kills the process.</summary>
    public TimeSpan TerminateLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Runs once storage is down, for example a router state write; its text goes into the fault's notes.</summary>
    public Func<Task<string>>? WhileStorageIsDown { get; init; }

    /// <summary>Runs once storage is back and replicas recovered; its text goes into the fault's notes.</summary>
    public Func<Task<string>>? AfterStorageIsBack { get; init; }

    public async Task<IReadOnlyList<FaultResult>> RunAsync(IReadOnlyList<ChaosFault> faults, CancellationToken cancellationToken)
    {
        var results = new List<FaultResult>();
        for (var index = 0; index < faults.Count; index++)
        {
            var fault = faults[index];
            await QuietAsync(fault.GapBefore, cancellationToken);
            log($"fault {index + 1}/{faults.Count} at +{load.Now:F1}s: {fault.Describe(ChaosCluster.Zones)}");
            var result = await InjectAsync(index + 1, fault, cancellationToken);
            log($"  ended at +{result.EndedAt:F1}s, full replica count back after {Seconds(result.RecoverySeconds)}; {string.Join("; ", result.Notes)}");
            results.Add(result);
        }

        return results;
    }

    /// <summary>Waits <paramref name="duration"/>, starting a new process for any silo whose process exits meanwhile.</summary>
    public async Task QuietAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var end = load.Now + duration.TotalSeconds;
        while (load.Now < end)
        {
            await cluster.RestartExitedAsync();
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>Waits until three ready replicas on live silos show and every silo process runs; null when not within the limit.</summary>
    public async Task<double?> WaitForFullReplicaCountAsync(CancellationToken cancellationToken)
    {
        var limit = load.Now + RecoveryLimit.TotalSeconds;
        while (load.Now < limit)
        {
            await cluster.RestartExitedAsync();
            if (cluster.Silos.All(s => s.IsRunning && !s.IsFrozen)
                && await cluster.ReadyReplicasAsync(cancellationToken) >= ChaosCluster.ReplicaTarget)
            {
                return load.Now;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return null;
    }

    private async Task<FaultResult> InjectAsync(int index, ChaosFault fault, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var silo = cluster.Silos[fault.Silo];

        // The view now: the victim's current generation is known, so its replicas stop counting once it is replaced.
        await cluster.ReadyReplicasAsync(cancellationToken);
        var injected = load.Now;
        switch (fault.Kind)
        {
            case FaultKind.Kill:
                await silo.Process.SignalAsync("KILL");
                await silo.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                await cluster.RestartExitedAsync();
                break;
            case FaultKind.Terminate:
                await silo.Process.SignalAsync("TERM");
                var exited = await silo.Process.WaitForExitAsync(TerminateLimit);
                notes.Add(exited
                    ? string.Create(CultureInfo.InvariantCulture, $"exit code {silo.Process.ExitCode} after {load.Now - injected:F1} s")
                    : $"did not exit within {TerminateLimit.TotalSeconds:F0} s of SIGTERM: killed");
                if (!exited)
                {
                    await silo.Process.SignalAsync("KILL");
                    await silo.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                }

                await cluster.RestartExitedAsync();
                break;
            case FaultKind.Freeze:
                await silo.Process.SignalAsync("STOP");
                silo.IsFrozen = true;
                await QuietAsync(fault.Duration, cancellationToken);
                await silo.Process.SignalAsync("CONT");
                silo.IsFrozen = false;
                break;
            case FaultKind.StorageOutage:
                await cluster.Storage.StopAsync(TimeSpan.FromSeconds(15));
                if (WhileStorageIsDown is { } during)
                {
                    notes.Add("during the outage: " + await during());
                }

                await QuietAsync(TimeSpan.FromSeconds(injected + fault.Duration.TotalSeconds - load.Now), cancellationToken);
                await cluster.Storage.StartAgainAsync(TimeSpan.FromSeconds(30));
                break;
            default:
                notes.Add(PartitionSupport.WhyNot() ?? "partition not implemented");
                break;
        }

        var ended = load.Now;
        var recovered = await WaitForFullReplicaCountAsync(cancellationToken);
        if (recovered is null)
        {
            notes.Add($"replica count not back to {ChaosCluster.ReplicaTarget} within {RecoveryLimit.TotalSeconds:F0} s");
        }

        if (fault.Kind == FaultKind.StorageOutage && AfterStorageIsBack is { } after)
        {
            notes.Add("after the outage: " + await after());
        }

        var restarts = cluster.Silos.Where(s => s.Restarts > 0).Select(s => $"{s.Zone}×{s.Restarts}");
        notes.Add("restarts so far: " + (restarts.Any() ? string.Join(", ", restarts) : "none"));
        return new FaultResult
        {
            Index = index,
            Kind = fault.Kind.ToString(),
            Description = fault.Describe(ChaosCluster.Zones),
            InjectedAt = Math.Round(injected, 2),
            EndedAt = Math.Round(ended, 2),
            RecoverySeconds = recovered is { } r ? Math.Round(r - injected, 1) : null,
            Notes = notes,
        };
    }

    private static string Seconds(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) + " s" : "never";
}
