using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Gpu;

namespace ServingFabric.Cli.Tests.Gpu;

/// <summary>fabric gpu probe on a machine without the NVIDIA driver (this one), and with an inventory whose GPUs are given.</summary>
public sealed class GpuProbeCommandTests
{
    private const string AbsentLibrary = "libnvidia-ml-absent-for-tests.so.1";

    [Fact]
    public async Task RunAsync_GpuProbeWithoutDriver_PrintsNoGpusAndExitsNoGpus()
    {
        var (code, output, error, requests) = await RunAsync(Absent, "gpu", "probe");

        Assert.Equal(FabricCommand.NoGpus, code);
        Assert.Equal(5, code);
        Assert.Equal($"no GPUs: {AbsentLibrary} not found (no NVIDIA driver on this machine)\n", output);
        Assert.Equal("", error);
        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task RunAsync_GpuProbeJsonWithoutDriver_PrintsUnavailableDocument()
    {
        var (code, output, _, _) = await RunAsync(Absent, "gpu", "probe", "--output", "json", "--samples", "3");

        Assert.Equal(FabricCommand.NoGpus, code);
        Assert.Equal(
            $"{{\"sample\":1,\"available\":false,\"reason\":\"no GPUs: {AbsentLibrary} not found (no NVIDIA driver on this machine)\",\"driverVersion\":null,\"gpus\":[]}}\n",
            output);
    }

    [Fact]
    public async Task RunAsync_GpuProbeWithOneGpu_ListsItAndExitsOk()
    {
        var (code, output, _, requests) = await RunAsync(() => new GivenInventory(), "gpu", "probe", "--samples", "2", "--interval", "0.5");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Contains("sample 1 of 2: driver 580.65.06, 1 GPU", output, StringComparison.Ordinal);
        Assert.Contains("sample 2 of 2: driver 580.65.06, 1 GPU", output, StringComparison.Ordinal);
        Assert.Equal(0, requests);
    }

    [Theory]
    [InlineData("--samples", "0")]
    [InlineData("--interval", "0")]
    public async Task RunAsync_GpuProbeOutOfRange_UsageError(string option, string value)
    {
        var (code, _, error, _) = await RunAsync(Absent, "gpu", "probe", option, value);

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.Contains($"{option} must be", error, StringComparison.Ordinal);
    }

    private static NvmlGpuInventory Absent() => new(NullLogger<NvmlGpuInventory>.Instance, AbsentLibrary);

    private static async Task<(int Code, string Output, string Error, int Requests)> RunAsync(Func<IGpuInventory> inventory, params string[] args)
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(null, null, null, TimeProvider.System, (_, _) => Task.CompletedTask, Interactive: false) { OpenGpuInventory = inventory };
        var code = await FabricCommand.RunAsync(args, http, output, error, environment, CancellationToken.None);
        return (code, output.ToString(), error.ToString(), handler.Requests.Count);
    }

    private sealed class GivenInventory : IGpuInventory
    {
        public bool Available => true;

        public string? UnavailableReason => null;

        public string? DriverVersion => "580.65.06";

        public IReadOnlyList<GpuReading> Read() => [new(0, "GPU-1", "NVIDIA H100 80GB HBM3", 80L << 30, 1L << 30, 0, 0, 35, 70.5, 0, 0, null)];

        public void Dispose()
        {
        }
    }
}
