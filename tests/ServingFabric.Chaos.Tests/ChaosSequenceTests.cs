using ServingFabric.Chaos.Faults;
using ServingFabric.Chaos.Fabric;
using ServingFabric.Chaos.Reporting;
using ServingFabric.Chaos.Running;
using Xunit.Abstractions;

namespace ServingFabric.Chaos.Tests;

/// <summary>
/// A short fixed chaos sequence against three real silo processes on Azurite under 50 req/s of open-loop load (half
/// through the SDK, half plain HTTP): a crash, a frozen silo, a graceful stop. The availability targets of the chaos
/// suite, sized for CI.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosSequenceTests(ITestOutputHelper output)
{
    private const int Seed = 17;
    private const double Rate = 50;

    [Fact]
    public async Task KillFreezeSigterm_UnderOpenLoopLoad_KillAndSigtermLoseNothingAndNoReplicaStuck()
    {
        ChaosFault[] plan =
        [
            new(FaultKind.Kill, 0, TimeSpan.Zero, TimeSpan.FromSeconds(5)),
            new(FaultKind.Freeze, 1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)),
            new(FaultKind.Terminate, 2, TimeSpan.Zero, TimeSpan.FromSeconds(5)),
        ];
        var run = await RunAsync(plan);

        var kill = run.Faults.Single(f => f.Kind == nameof(FaultKind.Kill));
        var freeze = run.Faults.Single(f => f.Kind == nameof(FaultKind.Freeze));
        var sigterm = run.Faults.Single(f => f.Kind == nameof(FaultKind.Terminate));
        output.WriteLine($"freeze (its target is asserted in {nameof(Freeze10s_UnderOpenLoopLoad_SuccessAtLeast999Percent)}): {ChaosReportWriter.Percent(freeze.SuccessRatio)}, {Causes(freeze.FailuresByCause)}");
        Assert.True(kill.Failed == 0, $"kill -9: {kill.Failed} of {kill.Sent} failed: {Causes(kill.FailuresByCause)}");
        Assert.True(sigterm.Failed == 0, $"SIGTERM: {sigterm.Failed} of {sigterm.Sent} failed: {Causes(sigterm.FailuresByCause)}");
        Assert.All(run.Faults, f => Assert.True(f.RecoverySeconds is not null, $"{f.Description}: {string.Join("; ", f.Notes)}"));
        Assert.Equal(ChaosCluster.ReplicaTarget, run.ReadyReplicasAtEnd);
    }

    /// <summary>
    /// The suite's overall target for a frozen silo (SIGSTOP 10 s). What closed it: fronts wait at most
    /// RoutingTableRefreshWait for a router that does not answer and route with their cached table meanwhile, status
    /// probes take the frozen replica out of rotation, and the SDK moves a call to the next gateway after
    /// GatewayAttemptTimeout.
    /// </summary>
    [Fact]
    public async Task Freeze10s_UnderOpenLoopLoad_SuccessAtLeast999Percent()
    {
        var run = await RunAsync([new(FaultKind.Freeze, 1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5))]);

        Assert.True(run.SuccessRatio >= ChaosRunResult.Target, $"success {ChaosReportWriter.Percent(run.SuccessRatio)} is under the 99.9 % target: {Causes(run.FailuresByCause)}");
    }

    private async Task<ChaosRunResult> RunAsync(IReadOnlyList<ChaosFault> plan)
    {
        await using var session = await ChaosSession.StartAsync(output.WriteLine, Rate, cap: TimeSpan.FromMinutes(4), Seed);
        var runner = session.CreateRunner(output.WriteLine);
        await session.Load.WaitForMoreAsync((long)(Rate * 3), TimeSpan.FromSeconds(60));
        var faults = await runner.RunAsync(plan, CancellationToken.None);
        await runner.QuietAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var run = await session.FinishAsync(Seed, faults, []);
        output.WriteLine(ChaosReportWriter.Markdown(run, ChaosCommandMachine));
        return run;
    }

    internal const string ChaosCommandMachine = "CI-sized run.";

    internal static string Causes(IReadOnlyDictionary<string, long> causes) =>
        causes.Count == 0 ? "none" : string.Join(", ", causes.Select(c => $"{c.Key} × {c.Value}"));
}

/// <summary>Chaos tests run alone: three silos, Azurite and the load on a small machine must not compete with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "chaos";
}
