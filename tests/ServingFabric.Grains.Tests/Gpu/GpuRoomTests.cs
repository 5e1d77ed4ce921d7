using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Models;
using ServingFabric.Runtime.Gpu;

namespace ServingFabric.Grains.Tests.Gpu;

/// <summary>
/// Silo_0 has a 16 GiB GPU, Silo_1 an 8 GiB one; the model's sessions need 10 GiB, so only Silo_0 can hold one. Its two
/// replicas share Silo_0's session, and the spread says which GPU capacity is missing.
/// </summary>
public sealed class GpuRoomTests : IAsyncLifetime
{
    private const long Gib = 1L << 30;
    private const string Model = "segmenter";

    private readonly FabricTestCluster _fabric = new("gpu-room", 2);

    public async Task InitializeAsync()
    {
        _fabric
            .WithFastSupervisor()
            .WithFakeGpus(name => name == "Silo_0" ? 16 * Gib : 8 * Gib, new CudaFaults())
            .WithModels(root => IrisRepository.WriteModel(root, Model,
                new ModelConfig(MaxBatchSize: 8, Replicas: new ReplicaBounds(2, 2), Execution: new ExecutionSpec(ExecutionProvider.Cuda, GpuMemoryLimitBytes: 10 * Gib)), "1"));
        await _fabric.StartAsync();
    }

    public async Task DisposeAsync() => await _fabric.DisposeAsync();

    private static bool NamesTheMissingGpu(ModelEvent e) =>
        e.Kind == ModelEventKind.SpreadDegraded
        && e.Message.Contains("over 1 zone(s) and 1 inference silo(s) with a GPU that holds 10737418240 bytes", StringComparison.Ordinal)
        && e.Message.Contains("add GPU nodes with a GPU that holds 10737418240 bytes", StringComparison.Ordinal);

    [Fact]
    public async Task Supervise_OnlyOneSiloHasAGpuBigEnough_BothReplicasShareItsSessionAndTheSpreadNamesTheMissingGpu()
    {
        var router = _fabric.Client.GetGrain<IModelRouterGrain>(Model);
        var big = _fabric.Cluster.Silos.Single(s => s.Name == "Silo_0");
        var small = _fabric.Cluster.Silos.Single(s => s.Name == "Silo_1");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        ModelStatus? status = null;
        while (!deadline.IsCancellationRequested)
        {
            status = await router.GetStatus();
            var replicas = status?.Versions.Single().Replicas ?? [];
            if (replicas.Count == 2 && replicas.All(r => r.Health == ReplicaHealth.Healthy && r.Silo == big.SiloAddress.ToString())
                && status!.RecentEvents.Any(NamesTheMissingGpu))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        Assert.NotNull(status);
        Assert.All(status.Versions.Single().Replicas, r => Assert.Equal(big.SiloAddress.ToString(), r.Silo));
        // A round may have seen the silos before their metadata arrived (0 zones): the event of the settled view counts.
        var degraded = status.RecentEvents.Last(e => e.Kind == ModelEventKind.SpreadDegraded);
        Assert.True(NamesTheMissingGpu(degraded), degraded.Message);
        Assert.Equal(10 * Gib, _fabric.Cluster.GetSiloServiceProvider(big.SiloAddress).GetRequiredService<GpuDevices>().Devices[0].ReservedBytes);
        Assert.Equal(0, _fabric.Cluster.GetSiloServiceProvider(small.SiloAddress).GetRequiredService<GpuDevices>().Devices[0].ReservedBytes);
        Assert.DoesNotContain(status.RecentEvents, e => e.Kind == ModelEventKind.ReplicaRelocated);
    }
}
