using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Gpu;

/// <summary>
/// Two GPU silos (one 16 GiB GPU each, from fake NVML inventories) serving a CUDA model of 4 GiB sessions, two replicas;
/// the GPU is played by ONNX Runtime on the CPU behind the real <see cref="GpuEngine"/>, which throws the CUDA errors a
/// test switches on.
/// </summary>
public sealed class GpuFailoverTests : IAsyncLifetime
{
    private const long Gib = 1L << 30;
    private const string Model = "detector";
    private static readonly ExecutionSpec Execution = new(ExecutionProvider.Cuda, GpuMemoryLimitBytes: 4 * Gib);

    private readonly CudaFaults _faults = new();
    // Silos are built concurrently.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FakeGpuInventory> _inventories = new(StringComparer.Ordinal);
    private readonly FabricTestCluster _fabric = new("gpu", 2);

    public async Task InitializeAsync()
    {
        _fabric
            .WithFastSupervisor()
            .WithoutResponseCache()
            .WithSetting("ServingFabric:Gpu:PollInterval", TimeSpan.FromMilliseconds(100))
            .WithFakeGpus(_ => 16 * Gib, _faults, (name, inventory) => _inventories[name] = inventory)
            .WithModels(root => IrisRepository.WriteModel(root, Model,
                new ModelConfig(MaxBatchSize: 8, DynamicBatching: new DynamicBatchingSpec(), Replicas: new ReplicaBounds(2, 2), Execution: Execution), "1"));
        await _fabric.StartAsync();
    }

    public async Task DisposeAsync() => await _fabric.DisposeAsync();

    [Fact]
    public async Task Infer_GpuOfOneSiloBreaks_ReplicaMovesToTheHealthyGpuAndEveryRequestIsAnswered()
    {
        var spread = await WaitForAsync(s => Replicas(s).Count == 2 && Replicas(s).All(r => r.Health == ReplicaHealth.Healthy) && Replicas(s).Select(r => r.Silo).Distinct().Count() == 2,
            "two healthy replicas, one per GPU silo");
        Assert.All(Replicas(spread), r => Assert.StartsWith("gpu 0 (GPU-", r.Device, StringComparison.Ordinal));
        var broken = _fabric.Cluster.Silos.Single(s => s.SiloAddress.ToString() == Replicas(spread)[0].Silo);
        var healthy = _fabric.Cluster.Silos.Single(s => s != broken);
        var brokenDevices = _fabric.Cluster.GetSiloServiceProvider(broken.SiloAddress).GetRequiredService<GpuDevices>();
        var healthyDevices = _fabric.Cluster.GetSiloServiceProvider(healthy.SiloAddress).GetRequiredService<GpuDevices>();

        _faults.Break(broken.Name, 0, CudaFaults.IllegalAddress);
        var front = _fabric.Client.GetGrain<IInferenceFrontGrain>(Model);
        var answers = new List<InferenceResponse>();
        for (var i = 0; i < 40; i++)
        {
            // A request meeting the broken GPU answers Unavailable and the front retries it on the other replica.
            answers.Add(await front.Infer(Request(i)));
        }

        var moved = await WaitForAsync(
            s => Replicas(s).All(r => r.Health == ReplicaHealth.Healthy && r.Silo == healthy.SiloAddress.ToString()) && s.RecentEvents.Any(e => e.Kind == ModelEventKind.GpuFailed),
            "both replicas on the healthy silo's GPU, after a GpuFailed event");

        Assert.Equal(40, answers.Count);
        Assert.All(answers, a => Assert.Equal(Model, a.ModelName));
        var failure = moved.RecentEvents.First(e => e.Kind == ModelEventKind.GpuFailed);
        Assert.Contains("an illegal memory access was encountered", failure.Message, StringComparison.Ordinal);
        Assert.False(brokenDevices.Devices[0].Healthy);
        Assert.Equal(0, brokenDevices.Devices[0].ReservedBytes);
        // Both replicas share the one session on the healthy GPU: 4 GiB reserved, not 8.
        Assert.Equal(4 * Gib, healthyDevices.Devices[0].ReservedBytes);
        Assert.Equal(Model, (await front.Infer(Request(99))).ModelName);
    }

    [Fact]
    public async Task Supervise_NvmlSeesUncorrectableEccOnOneGpu_ReplicaMovesToTheHealthyGpu()
    {
        var spread = await WaitForAsync(s => Replicas(s).Count == 2 && Replicas(s).All(r => r.Health == ReplicaHealth.Healthy) && Replicas(s).Select(r => r.Silo).Distinct().Count() == 2,
            "two healthy replicas, one per GPU silo");
        var broken = _fabric.Cluster.Silos.Single(s => s.SiloAddress.ToString() == Replicas(spread)[1].Silo);
        var healthy = _fabric.Cluster.Silos.Single(s => s != broken);

        // No request runs: the silo's GPU monitor reads NVML, and the replica leaves at its next probe.
        _inventories[broken.Name].Set(0, r => r with { EccUncorrectedErrors = 1, Problem = "1 uncorrectable ECC error since the silo started (volatile count 0 → 1)" });

        var moved = await WaitForAsync(
            s => Replicas(s).All(r => r.Health == ReplicaHealth.Healthy && r.Silo == healthy.SiloAddress.ToString()) && s.RecentEvents.Any(e => e.Kind == ModelEventKind.GpuFailed),
            "both replicas on the healthy silo's GPU after NVML reported the other unhealthy");
        Assert.Contains("uncorrectable ECC", moved.RecentEvents.First(e => e.Kind == ModelEventKind.GpuFailed).Message, StringComparison.Ordinal);
        Assert.False(_fabric.Cluster.GetSiloServiceProvider(broken.SiloAddress).GetRequiredService<GpuDevices>().Devices[0].Healthy);
    }

    [Fact]
    public async Task Status_CudaModelOnGpuSilos_ReplicasShowTheirGpuAndReserveItsMemory()
    {
        var status = await WaitForAsync(s => Replicas(s).Count == 2 && Replicas(s).All(r => r.Health == ReplicaHealth.Healthy), "two healthy replicas");

        foreach (var replica in Replicas(status))
        {
            var silo = _fabric.Cluster.Silos.Single(s => s.SiloAddress.ToString() == replica.Silo);
            var device = _fabric.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<GpuDevices>().Devices[0];
            Assert.Equal($"gpu 0 ({device.Uuid})", replica.Device);
            Assert.Equal([$"{Model}/1"], device.Sessions);
            Assert.Equal(4 * Gib, device.ReservedBytes);
        }
    }

    private static InferenceRequest Request(int i) =>
        new($"gpu-{i}", Model, null, [TensorFactory.Create("input", [1, 4], new float[] { 5.1f, 3.5f, 1.4f, 0.2f + (i % 3 * 0.1f) })], [new RequestedOutput("label")]);

    private static IReadOnlyList<ReplicaObservation> Replicas(ModelStatus status) => status.Versions.Single(v => v.Version == "1").Replicas;

    private async Task<ModelStatus> WaitForAsync(Func<ModelStatus, bool> condition, string what)
    {
        var router = _fabric.Client.GetGrain<IModelRouterGrain>(Model);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        ModelStatus? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await router.GetStatus();
            if (last is not null && condition(last))
            {
                return last;
            }

            // Supervisor rounds take 200 ms: polling at that pace waits on the router's own state.
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"{what}: not reached within 60 s; last view: "
            + (last is null ? "(not deployed)" : string.Join("; ", last.Versions.SelectMany(v => v.Replicas).Select(r => $"{r.ReplicaKey} {r.Silo} {r.Health} {r.Device} {r.Error}"))
                + " | events: " + string.Join("; ", last.RecentEvents.Select(e => $"{e.Kind} {e.Message}"))));
    }
}
