using System.Globalization;
using ServingFabric.Chaos.Faults;
using ServingFabric.Chaos.Reporting;
using ServingFabric.Chaos.Running;
using ServingFabric.Chaos.Soak;

namespace ServingFabric.Chaos.Cli;

/// <summary>The console entry: a chaos run, a storage outage, or a soak; reports under the output folder. Exit 0 when the targets hold.</summary>
internal static class ChaosCommand
{
    private const double ChaosRate = 50;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ChaosSettings settings;
        try
        {
            settings = ChaosSettings.Parse(args, Path.Combine(Fabric.RepositoryPaths.Root, "chaos", "results-latest"));
        }
        catch (ArgumentException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return 2;
        }

        void Log(string line) => output.WriteLine(FormattableString.Invariant($"[{DateTime.Now:HH:mm:ss}] {line}"));
        return settings.Mode switch
        {
            "outage" => await OutageAsync(settings, Log, cancellationToken),
            "soak" => await SoakRunner.RunAsync(settings, Log, cancellationToken),
            _ => await ChaosAsync(settings, Log, cancellationToken),
        };
    }

    public static string Machine() => string.Create(CultureInfo.InvariantCulture,
        $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; shared with other builds, so latencies are noisy.");

    private static async Task<int> ChaosAsync(ChaosSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        var kinds = new List<FaultKind> { FaultKind.Kill, FaultKind.Terminate, FaultKind.Freeze, FaultKind.StorageOutage };
        var skipped = new List<string>();
        if (PartitionSupport.WhyNot() is { } why)
        {
            log(why);
            skipped.Add(why);
        }
        else
        {
            kinds.Add(FaultKind.Partition);
        }

        var length = TimeSpan.FromMinutes(settings.Minutes);
        var plan = FaultPlan.Random(settings.Seed, length, kinds, Fabric.ChaosCluster.Zones.Length);
        log($"seed {settings.Seed}: {plan.Count} faults planned over {settings.Minutes} min: {string.Join(", ", plan.Select(f => f.Describe(Fabric.ChaosCluster.Zones)))}");
        var rate = settings.Rate ?? ChaosRate;
        await using var session = await ChaosSession.StartAsync(log, rate, length + TimeSpan.FromMinutes(10), settings.Seed);
        var probe = new RouterWriteProbe(session.Cluster);
        var runner = session.CreateRunner(log,
            whileStorageIsDown: async () => $"PUT /v1/models/iris → {await probe.PutSplitAsync()}",
            afterStorageIsBack: async () => $"PUT /v1/models/iris → {await probe.PutSplitAsync()}");
        await session.Load.WaitForMoreAsync((long)(rate * 5), TimeSpan.FromSeconds(60));
        var faults = await runner.RunAsync(plan, cancellationToken);
        await runner.QuietAsync(TimeSpan.FromSeconds(15), cancellationToken);
        var run = await session.FinishAsync(settings.Seed, faults, skipped);
        ChaosReportWriter.Write(settings.Out, "chaos", run, Machine());
        log($"overall {run.Sent - run.Failed}/{run.Sent} = {ChaosReportWriter.Percent(run.SuccessRatio)}; report in {settings.Out}/chaos.md");
        return run.SuccessRatio >= ChaosRunResult.Target && run.ReadyReplicasAtEnd >= 3 ? 0 : 1;
    }

    private static async Task<int> OutageAsync(ChaosSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        var rate = settings.Rate ?? ChaosRate;
        var outage = TimeSpan.FromSeconds(settings.Seconds);
        await using var session = await ChaosSession.StartAsync(log, rate, outage + TimeSpan.FromMinutes(10), settings.Seed);
        var probe = new RouterWriteProbe(session.Cluster);
        var runner = session.CreateRunner(log,
            whileStorageIsDown: async () => $"PUT /v1/models/iris → {await probe.PutSplitAsync()}",
            afterStorageIsBack: async () => $"PUT /v1/models/iris → {await probe.PutSplitAsync()}; split stored: {await probe.SplitIsStoredAsync()}");
        await session.Load.WaitForMoreAsync((long)(rate * 5), TimeSpan.FromSeconds(60));

        // The outage, then a kill once storage is back: membership must still detect and replace a crash.
        ChaosFault[] plan =
        [
            new(FaultKind.StorageOutage, 0, outage, TimeSpan.FromSeconds(10)),
            new(FaultKind.Kill, settings.Seed % 3, TimeSpan.Zero, TimeSpan.FromSeconds(10)),
        ];
        var faults = await runner.RunAsync(plan, cancellationToken);
        await runner.QuietAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var run = await session.FinishAsync(settings.Seed, faults, []);
        ChaosReportWriter.Write(settings.Out, "outage", run, Machine());
        log($"overall {run.Sent - run.Failed}/{run.Sent} = {ChaosReportWriter.Percent(run.SuccessRatio)}; report in {settings.Out}/outage.md");
        return run.SuccessRatio >= ChaosRunResult.Target && run.ReadyReplicasAtEnd >= 3 ? 0 : 1;
    }
}
