using Microsoft.Extensions.Logging;

namespace ServingFabric.Gpu.Tests;

/// <summary>The inventory on this machine, which has no NVIDIA driver: what every CPU silo sees.</summary>
public sealed class NvmlGpuInventoryTests
{
    private const string AbsentLibrary = "libnvidia-ml-absent-for-tests.so.1";

    [Fact]
    public void Constructor_LibraryAbsent_UnavailableWithNoGpusReason()
    {
        using var inventory = new NvmlGpuInventory(new RecordingLogger<NvmlGpuInventory>(), AbsentLibrary);

        Assert.False(inventory.Available);
        Assert.Equal($"no GPUs: {AbsentLibrary} not found (no NVIDIA driver on this machine)", inventory.UnavailableReason);
        Assert.Null(inventory.DriverVersion);
        Assert.Empty(inventory.Read());
    }

    [Fact]
    public void Constructor_DefaultLibraryOnMachineWithoutDriver_ReasonNamesLibNvidiaMl()
    {
        using var inventory = new NvmlGpuInventory(new RecordingLogger<NvmlGpuInventory>());

        // Skipped in spirit on a GPU machine: there the driver is present and the inventory is available.
        if (!inventory.Available)
        {
            Assert.Equal("no GPUs: libnvidia-ml.so.1 not found (no NVIDIA driver on this machine)", inventory.UnavailableReason);
        }
    }

    [Fact]
    public void Read_LibraryAbsentReadTwice_LogsTheReasonOnce()
    {
        var logger = new RecordingLogger<NvmlGpuInventory>();
        using var inventory = new NvmlGpuInventory(logger, AbsentLibrary);

        _ = inventory.Read();
        _ = inventory.Read();

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains($"no GPUs: {AbsentLibrary} not found", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_LibraryIsNotNvml_UnavailableNamingTheMissingFunction()
    {
        // The C library loads (every Linux process has it) but exports no NVML function.
        using var inventory = new NvmlGpuInventory(new RecordingLogger<NvmlGpuInventory>(), "libc.so.6");

        Assert.False(inventory.Available);
        Assert.Equal(
            "no GPUs: libc.so.6 loaded but is not NVML (it has no nvmlInit_v2); point at the NVIDIA driver's libnvidia-ml.so.1",
            inventory.UnavailableReason);
        Assert.Empty(inventory.Read());
    }

    [Fact]
    public void Read_AfterDispose_Empty()
    {
        var inventory = new NvmlGpuInventory(new RecordingLogger<NvmlGpuInventory>(), AbsentLibrary);
        inventory.Dispose();
        inventory.Dispose();

        Assert.Empty(inventory.Read());
    }
}
