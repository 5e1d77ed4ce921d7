using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Hosting.Gpu;
using ServingFabric.Models;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Gpu;

/// <summary>GPU metrics and the management API's GPU view over a fake NVML inventory of two GPUs.</summary>
public sealed class GpuTelemetryTests : IDisposable
{
    private const long Gib = 1L << 30;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeGpuInventory _inventory = new(80 * Gib, 80 * Gib);
    private readonly GpuDevices _devices;

    public GpuTelemetryTests()
    {
        _inventory.Set(0, r => r with { UtilizationPercent = 87, MemoryUsedBytes = 30 * Gib, EccCorrectedErrors = 3 });
        _devices = new GpuDevices(_inventory);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Observe_TwoGpus_EveryMetricPerGpuLabelledBySiloAndUuid()
    {
        var metrics = new GpuMetrics(_services.GetRequiredService<IMeterFactory>());
        metrics.Watch(_devices);
        using var reservation = _devices.Reserve("resnet", "1", new ExecutionSpec(ExecutionProvider.Cuda, GpuMemoryLimitBytes: 6 * Gib));

        var seen = Collect(() => reservation.ReportDeviceFailed("CUDA failure 700: an illegal memory access was encountered"));

        var uuid0 = FakeGpuInventory.Device(0, 0).Uuid;
        var uuid1 = FakeGpuInventory.Device(1, 0).Uuid;
        Assert.Equal(0.87, seen[("servingfabric.gpu.utilization", uuid0)], 6);
        Assert.Equal(30.0 * Gib, seen[("servingfabric.gpu.memory_used", uuid0)]);
        Assert.Equal(80.0 * Gib, seen[("servingfabric.gpu.memory_total", uuid1)]);
        Assert.Equal(6.0 * Gib, seen[(("servingfabric.gpu.memory_reserved"), uuid0)]);
        Assert.Equal(0, seen[("servingfabric.gpu.memory_reserved", uuid1)]);
        Assert.Equal(3, seen[("servingfabric.gpu.ecc_errors/corrected", uuid0)]);
        Assert.Equal(0, seen[("servingfabric.gpu.ecc_errors/uncorrected", uuid0)]);
        Assert.Equal(0, seen[("servingfabric.gpu.healthy", uuid0)]);
        Assert.Equal(1, seen[("servingfabric.gpu.healthy", uuid1)]);
        Assert.Equal(1, seen[("servingfabric.gpu.failures", uuid0)]);
        Assert.Equal(35, seen[("servingfabric.gpu.temperature", uuid1)]);
    }

    [Fact]
    public void Status_TwoGpusOneHoldingASession_ReadingJoinedWithReservations()
    {
        using var reservation = _devices.Reserve("resnet", "1", new ExecutionSpec(ExecutionProvider.Cuda, GpuMemoryLimitBytes: 6 * Gib));

        var status = new GpuStatusSource(_inventory, _devices).Status("silo-a");

        Assert.True(status.Available);
        Assert.Equal("580.95.05", status.DriverVersion);
        Assert.Null(status.Reason);
        Assert.Equal(2, status.Devices.Count);
        var used = status.Devices.Single(d => d.Index == reservation.Index);
        Assert.Equal(6 * Gib, used.MemoryReservedBytes);
        Assert.Equal(["resnet/1"], used.Sessions);
        Assert.True(used.Healthy);
        Assert.Equal(87, status.Devices[0].UtilizationPercent);
    }

    // Every measurement as (instrument[/type], gpu_uuid) → value; the silo label is checked on each.
    private static Dictionary<(string, string), double> Collect(Action whileListening)
    {
        var seen = new Dictionary<(string, string), double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name.StartsWith("servingfabric.gpu.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? uuid = null, type = null, silo = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "gpu_uuid": uuid = (string?)tag.Value; break;
                    case "type": type = (string?)tag.Value; break;
                    case "silo": silo = (string?)tag.Value; break;
                }
            }

            Assert.False(string.IsNullOrEmpty(silo));
            seen[(type is null ? instrument.Name : $"{instrument.Name}/{type}", uuid!)] = value;
        }

        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        whileListening();
        listener.RecordObservableInstruments();
        return seen;
    }
}
