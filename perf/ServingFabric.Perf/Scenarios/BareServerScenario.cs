using ServingFabric.Perf.Bare;
using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;
using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>
/// The fabric against what a .NET team writes instead of a serving system (<see cref="BareOnnxServer"/>): the iris
/// MLP at 32 closed-loop clients (throughput) and at one client (p50) through the bare server's JSON, the fabric's
/// HTTP JSON, HTTP binary, gRPC and the SDK over Orleans, in the same run, with this process's allocations and CPU
/// per request for each.
/// </summary>
internal sealed class BareServerScenario : IScenario
{
    public const int LoadClients = 32;

    // Extra rounds of every path, the second in reverse order; each target is the median of the rounds' figures.
    private const int RepeatRounds = 2;

    public string Name => "bare";

    public async Task<ScenarioReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = context.NewReport(Name, "Bare server: the fabric against a minimal API holding one ONNX Runtime session",
            $"The iris MLP (`{PerfModels.Iris}`, batching off, response cache off) at {LoadClients} closed-loop clients (throughput) and at 1 client (latency) through: " +
            "`bare-json`, an ASP.NET Core minimal API on its own loopback port in this process holding one ONNX Runtime session (the fabric's session options), " +
            "Open Inference Protocol JSON in and out, no batching, cluster, authentication or metrics; the fabric's `http-json` and `http-binary` (bodies encoded once); " +
            "`grpc` (KServe V2 ModelInfer, raw contents, request built once) and `sdk-orleans`. Every path is measured in each of three rounds (the third in reverse order) " +
            "and each target is the median of the rounds' figures. `alloc B/req` and `CPU ms/req` are this process's (the runtime's allocation counter and its CPU time " +
            $"over answered requests at {LoadClients} clients): " + (context.Split is null
                ? "the silo, the bare server and the load generator share it, so a fabric path's cost over `bare-json` is what the fabric adds (the HTTP client's share is the same). "
                : "with the cores split the silo runs apart, so these are the generator's and the bare server's; the silo's CPU is `silo CPU ms/req`. ") +
            context.CoresDescription);
        await using var fabric = await context.StartFabricAsync(responseCache: false, orleansClient: true, cancellationToken);
        await using var bare = await BareOnnxServer.StartAsync(PerfModels.Iris, fabric.Repository.ArtifactOf(PerfModels.Iris), cancellationToken);
        using var bareHttp = LoopbackHttp.Create(bare.Address);
        var payload = new FixedPayload(PerfInputs.Iris(PerfModels.Iris));
        using var grpc = new GrpcPath(fabric.Silo.GrpcAddress, payload);
        IRequestPath[] paths =
        [
            new HttpPath(bareHttp, PerfModels.Iris, payload, binary: false, name: BarePathName),
            new HttpPath(fabric.Http, PerfModels.Iris, payload, binary: false),
            new HttpPath(fabric.Http, PerfModels.Iris, payload, binary: true),
            grpc,
            new SdkPath("sdk-orleans", PerfModels.Iris, fabric.Sdk!, payload),
        ];

        // The bare server and the gRPC path are new to the process: compile their request paths before measuring.
        foreach (var path in paths)
        {
            await ClosedLoopRunner.RunAsync(path, context.Timing.Closed(8), $"{path.Name} warm-up", cancellationToken);
        }

        var rounds = new List<BareRound>();
        for (var round = 0; round <= (context.Timing.IsTiny ? 0 : RepeatRounds); round++)
        {
            var order = round == RepeatRounds ? paths.Reverse().ToArray() : paths;
            var suffix = round == 0 ? "" : $" (repeat {round})";
            var loaded = new Dictionary<string, RunResult>();
            var single = new Dictionary<string, RunResult>();
            foreach (var path in order)
            {
                loaded[path.Name] = await context.ClosedAsync(report, path, LoadClients, $"{path.Name}, {LoadClients} clients{suffix}", cancellationToken);
            }

            // Twice the usual windows at one client: the percentiles need the samples.
            var one = context.Timing.Closed(1) with { MinWindows = context.Timing.MinWindows * 2 };
            foreach (var path in order)
            {
                single[path.Name] = await context.ClosedAsync(report, path, 1, $"{path.Name}, 1 client{suffix}", cancellationToken, one);
            }

            rounds.Add(new BareRound(loaded, single));
        }

        BareServerTargets.Add(report, rounds);
        string[] names = [.. paths.Select(p => p.Name)];
        report.Tables.Add(BareServerTargets.PathTable(rounds, names));
        var first = rounds[0];
        report.Plots.Add(PlotWriter.Bars(context.OutputFolder, "bare-throughput.png", $"iris, {LoadClients} clients: throughput by path (first round)", "req/s", names,
            [new BarGroup("req/s", [.. names.Select(n => first.Loaded[n].Throughput)])]));
        report.Plots.Add(PlotWriter.Bars(context.OutputFolder, "bare-latency.png", "iris, 1 client: latency by path (first round)", "latency (ms)", names,
            [new BarGroup("p50", [.. names.Select(n => first.Single[n].Latency.P50Ms)]), new BarGroup("p99", [.. names.Select(n => first.Single[n].Latency.P99Ms)])]));
        return report;
    }

    public const string BarePathName = "bare-json";
}
