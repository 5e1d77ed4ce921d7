using System.Diagnostics;
using ServingFabric.Compliance.Collection;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Models;

namespace ServingFabric.Compliance.Drills;

/// <summary>
/// The failover drill: the auditor's command makes replicas fail (for example kills one silo), then the model's ready
/// replicas are watched until they are as many as before. The management API has no endpoint that restarts a replica,
/// so without a command the drill cannot run and says so.
/// </summary>
internal static class FailoverDrill
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public static async Task<Sourced<FailoverDrillResult>> RunAsync(FabricHttp fabric, string model, DrillOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        const string source = "failover drill";
        if (string.IsNullOrWhiteSpace(options.FailoverCommand))
        {
            return Sourced.Unavailable<FailoverDrillResult>(source,
                "the management API has no endpoint that restarts a replica; give --failover-command with a command that kills a silo (e.g. 'kill -9 <pid>' or 'kubectl delete pod ...')");
        }

        var sampler = new ModelViewSampler(fabric, model, options.SampleInterval);
        if (await sampler.ReadAsync(cancellationToken) is not { } before)
        {
            return Sourced.Unavailable<FailoverDrillResult>(source, $"GET /v1/models/{model} did not answer before the fault");
        }

        var readyBefore = Ready(before);
        var lastSequence = before.Events.Count == 0 ? 0 : before.Events.Max(e => e.Sequence);
        progress.Report($"failover drill: {readyBefore} replicas of {model} ready; running the failover command");
        var started = Stopwatch.GetTimestamp();
        var commandFailure = await RunCommandAsync(options.FailoverCommand, cancellationToken);
        if (commandFailure is not null)
        {
            return Sourced.Unavailable<FailoverDrillResult>(source, commandFailure);
        }

        var lowest = readyBefore;
        double? recovered = null;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(options.FailoverTimeout);
        var dropped = false;
        await sampler.RunAsync(view =>
        {
            var ready = Ready(view);
            lowest = Math.Min(lowest, ready);
            dropped |= ready < readyBefore;
            if (dropped && ready >= readyBefore && recovered is null)
            {
                recovered = Stopwatch.GetElapsedTime(started).TotalSeconds;
                bound.Cancel();
            }
        }, bound.Token);
        if (!dropped)
        {
            // The fault hit no replica of this model (another silo, or none): nothing was replaced, so nothing is shown.
            return Sourced.Unavailable<FailoverDrillResult>(source,
                $"the failover command left all {readyBefore} ready replicas of {model} ready for {options.FailoverTimeout.TotalSeconds:0} s; make it kill a silo that holds one");
        }

        var after = await sampler.ReadAsync(cancellationToken);
        var events = after?.Events.Where(e => e.Sequence > lastSequence).Select(e => $"{e.Kind} {e.Replica}").ToList() ?? [];
        var fault = "ran the failover command; ready replicas dropped";
        progress.Report(recovered is { } s ? $"failover drill: recovered in {s:0.0} s" : "failover drill: not recovered within the bound");
        return Sourced.Read(source, new FailoverDrillResult(model, fault, readyBefore, recovered is not null, recovered, lowest, events));
    }

    private static int Ready(ModelResponse view) => view.Versions.Sum(v => v.Replicas.Count(r => r.State == "ready" && r.Health is "healthy" or "warming" or "unknown"));

    private static async Task<string?> RunCommandAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start);
        if (process is null)
        {
            return "the failover command could not start";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return $"the failover command did not finish within {CommandTimeout.TotalSeconds} s";
        }

        return process.ExitCode == 0 ? null : $"the failover command exited {process.ExitCode}: {(await process.StandardError.ReadToEndAsync(cancellationToken)).Trim()}";
    }
}
