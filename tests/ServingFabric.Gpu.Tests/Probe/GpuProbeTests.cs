using ServingFabric.Gpu.Probe;

namespace ServingFabric.Gpu.Tests.Probe;

public sealed class GpuProbeTests
{
    private static readonly GpuReading Idle = new(0, "GPU-1", "NVIDIA H100 80GB HBM3", 80L << 30, 1L << 30, 0, 0, 35, 70.5, 0, 0, null);

    [Fact]
    public async Task RunAsync_ThreeSamples_ReadsThreeTimesWaitingTheIntervalTwice()
    {
        var inventory = new ListedInventory([Idle]);
        var waits = new List<TimeSpan>();
        using var output = new StringWriter();

        var code = await GpuProbe.RunAsync(inventory, new GpuProbeOptions { Samples = 3, Interval = TimeSpan.FromSeconds(2) }, output,
            (wait, _) => { waits.Add(wait); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(GpuProbe.GpusListed, code);
        Assert.Equal(3, inventory.Reads);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], waits);
        Assert.Contains("sample 3 of 3: driver 580.65.06, 1 GPU", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_JsonTwoSamples_OneDocumentPerLine()
    {
        using var output = new StringWriter();

        await GpuProbe.RunAsync(new ListedInventory([Idle]), new GpuProbeOptions { Samples = 2, Json = true }, output,
            (_, _) => Task.CompletedTask, CancellationToken.None);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"sample\":2,\"available\":true,\"reason\":null,\"driverVersion\":\"580.65.06\",\"gpus\":[{\"index\":0,\"uuid\":\"GPU-1\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoDevices_NoGpusAfterOneRead()
    {
        var inventory = new ListedInventory([]);
        using var output = new StringWriter();

        var code = await GpuProbe.RunAsync(inventory, new GpuProbeOptions { Samples = 5 }, output, (_, _) => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(GpuProbe.NoGpus, code);
        Assert.Equal(1, inventory.Reads);
        Assert.StartsWith("no GPUs: NVML (driver 580.65.06) lists no devices", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>An inventory whose devices are given: the probe's loop without NVML.</summary>
    private sealed class ListedInventory(IReadOnlyList<GpuReading> gpus) : IGpuInventory
    {
        public int Reads { get; private set; }

        public bool Available => true;

        public string? UnavailableReason => null;

        public string? DriverVersion => "580.65.06";

        public IReadOnlyList<GpuReading> Read()
        {
            Reads++;
            return gpus;
        }

        public void Dispose()
        {
        }
    }
}
