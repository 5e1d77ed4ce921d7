using System.Diagnostics;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// High availability with real processes: Azurite plus three silos (zones a, b, c, Azure Table clustering, fast
/// failure detection: see <see cref="FabricCluster.MembershipArguments"/>) under a steady closed-loop load through the
/// SDK, which knows all three gateways. Crashes, graceful stops and a rolling restart must not fail one request.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int Workers = 4;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Detection: 2 missed probes of at most 4 s (the adaptive ceiling of a 1 s probe timeout) plus one 2 s table
    /// refresh, so 10 s. Margin: the supervisor's 1 s probe interval, re-activating three replicas and loading the
    /// model on the survivors, and a slow 2-core CI machine: 10 s.
    /// </summary>
    private static readonly TimeSpan RestoreLimit = TimeSpan.FromSeconds(10) + TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KillThenSigterm_UnderLoad_NoRequestFailsAndReplicasComeBack()
    {
        await using var cluster = await FabricCluster.StartAsync(output, StartLimit);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var load = ClosedLoopLoad.Start(cluster.CreateClient(http), Workers, cap: TimeSpan.FromSeconds(100), RequestTimeout);
        Restore restore;
        int sigtermExit;
        try
        {
            await load.WaitForMoreAsync(200, TimeSpan.FromSeconds(30));

            // A: a crash. Only that child process is killed, with SIGKILL: no drain, no goodbye to the cluster.
            var victim = cluster[0];
            await victim.KillAsync();
            var sentBeforeKill = load.Sent;
            restore = await WaitForRestoreAsync(cluster, victim.Ports[1], TimeSpan.FromSeconds(60));
            await load.WaitForMoreAsync(200, TimeSpan.FromSeconds(30));
            output.WriteLine($"A (kill -9 of zone a): {load.Sent - sentBeforeKill} requests since the kill, {load.Failed} failed in all; {restore}");

            // B: a graceful stop of another silo while the cluster is one short.
            var sentBeforeTerm = load.Sent;
            sigtermExit = await cluster[1].TerminateAsync(TimeSpan.FromSeconds(60));
            await load.WaitForMoreAsync(200, TimeSpan.FromSeconds(30));
            output.WriteLine($"B (SIGTERM of zone b): exit code {sigtermExit}, {load.Sent - sentBeforeTerm} requests since the signal, {load.Failed} failed in all");
        }
        finally
        {
            await load.StopAsync();
            Report(load);
        }

        Assert.True(load.Failed == 0, $"{load.Failed} of {load.Sent} requests failed:\n{string.Join('\n', load.Failures)}");
        Assert.Equal(0, sigtermExit);
        Assert.True(restore.Elapsed <= RestoreLimit, $"restore took {restore}; the limit is {RestoreLimit.TotalSeconds:F0} s (detection 10 s + margin 10 s)");

        // The availability SLI as the model's router computed it through both faults, from the fronts of every silo
        // (the router itself may have moved with the kill; its counts are stored every 10 s).
        var (valid, good) = await AvailabilityAsync(cluster[2], load.Sent);
        output.WriteLine($"availability SLI (1h window) of iris through the kill and the SIGTERM: {good} good of {valid} valid = {100.0 * good / valid:F3} % (objective 99.9 % within 1 s); the load sent {load.Sent}");
        Assert.InRange(valid, load.Sent / 2, load.Sent * 2);
        Assert.InRange(good, 0, valid);
    }

    /// <summary>The 1h window's counts once they stop growing (every front flushes each second), and at least half the load has arrived.</summary>
    private static async Task<(long Valid, long Good)> AvailabilityAsync(SiloProcess silo, long sent)
    {
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        (long Valid, long Good) last = (-1, -1);
        while (true)
        {
            using var model = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/v1/models/iris"));
            var window = model.RootElement.GetProperty("availability").GetProperty("windows")[1];
            (long Valid, long Good) now = (window.GetProperty("valid").GetInt64(), window.GetProperty("good").GetInt64());
            if ((now == last && now.Valid >= sent / 2) || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                return now;
            }

            last = now;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public async Task RollingRestart_UnderLoad_NoRequestFails()
    {
        await using var cluster = await FabricCluster.StartAsync(output, StartLimit);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var load = ClosedLoopLoad.Start(cluster.CreateClient(http), Workers, cap: TimeSpan.FromSeconds(150), RequestTimeout);
        var exitCodes = new List<int>();
        try
        {
            await load.WaitForMoreAsync(200, TimeSpan.FromSeconds(30));
            for (var i = 0; i < FabricCluster.Zones.Length; i++)
            {
                var (exitCode, ready) = await cluster.RestartAsync(i, StartLimit);
                exitCodes.Add(exitCode);
                output.WriteLine($"zone {FabricCluster.Zones[i]} restarted: exit {exitCode}, ready after {ready.TotalSeconds:F1} s; {load.Sent} sent, {load.Failed} failed so far");
                await load.WaitForMoreAsync(100, TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            await load.StopAsync();
            Report(load);
            if (load.Failed > 0)
            {
                cluster.WriteErrorLogs();
            }
        }

        Assert.True(load.Failed == 0, $"{load.Failed} of {load.Sent} requests failed:\n{string.Join('\n', load.Failures)}");
        Assert.Equal([0, 0, 0], exitCodes);
    }

    /// <summary>
    /// From the kill until the membership table says the silo is dead and, where the operator view exists
    /// (<c>GET /v1/models/iris</c>), three healthy replicas run on the survivors.
    /// </summary>
    private static async Task<Restore> WaitForRestoreAsync(FabricCluster cluster, int killedSiloPort, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(limit);
        TimeSpan? dead = null;
        TimeSpan? replicas = null;
        var viewAvailable = false;
        while (dead is null || (viewAvailable && replicas is null))
        {
            try
            {
                if (dead is null && await cluster.MembershipStatusAsync(killedSiloPort, timeout.Token) == "Dead")
                {
                    dead = clock.Elapsed;
                }

                if (replicas is null && await cluster.HealthyReplicasAsync(killedSiloPort, timeout.Token) is { } healthy)
                {
                    viewAvailable = true;
                    if (healthy >= 3)
                    {
                        replicas = clock.Elapsed;
                    }
                }

                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"not restored within {limit}: declared dead after {dead?.TotalSeconds.ToString("F1") ?? "never"}, three healthy replicas after {replicas?.TotalSeconds.ToString("F1") ?? "never"}");
            }
        }

        return new Restore(dead.Value, replicas);
    }

    private void Report(ClosedLoopLoad load)
    {
        output.WriteLine($"requests sent: {load.Sent}, failed: {load.Failed}, slowest: {load.SlowestRequest.TotalMilliseconds:F0} ms");
        foreach (var failure in load.Failures)
        {
            output.WriteLine("  " + failure);
        }
    }

    private sealed record Restore(TimeSpan DeclaredDead, TimeSpan? ThreeHealthyReplicas)
    {
        public TimeSpan Elapsed => ThreeHealthyReplicas is { } r && r > DeclaredDead ? r : DeclaredDead;

        public override string ToString() => ThreeHealthyReplicas is { } r
            ? $"time to restore {Elapsed.TotalSeconds:F1} s (declared dead after {DeclaredDead.TotalSeconds:F1} s, three healthy replicas after {r.TotalSeconds:F1} s)"
            : $"time to restore {Elapsed.TotalSeconds:F1} s (declared dead; no operator view GET /v1/models/iris to count replicas, so restore = detection while every request kept succeeding on the survivors)";
    }
}

/// <summary>The failover tests run alone: three silos and Azurite on a small machine must not compete with other tests for CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection
{
    public const string Name = "failover";
}
