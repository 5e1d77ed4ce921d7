using ServingFabric.Models;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Runtime.Tests.Gpu;

public sealed class GpuDevicesTests
{
    private const long Gib = 1L << 30;

    private static ExecutionSpec Cuda(long? limit = null, int? device = null) => new(ExecutionProvider.Cuda, device, limit);

    [Fact]
    public void Reserve_SessionsWithBudgets_ShareOneDeviceUntilItIsFull()
    {
        var devices = new GpuDevices(new FakeGpuInventory(10 * Gib));

        using var a = devices.Reserve("resnet", "1", Cuda(4 * Gib));
        using var b = devices.Reserve("bert", "2", Cuda(4 * Gib));
        var full = Assert.Throws<GpuUnavailableException>(() => devices.Reserve("yolo", "1", Cuda(4 * Gib)));

        Assert.Equal(0, a.Index);
        Assert.Equal(0, b.Index);
        Assert.Equal(8 * Gib, devices.Devices[0].ReservedBytes);
        Assert.Equal(["resnet/1", "bert/2"], devices.Devices[0].Sessions);
        Assert.Contains("model 'yolo' version '1' needs a GPU with 4294967296 bytes free", full.Message, StringComparison.Ordinal);
        Assert.Contains($"has {2 * Gib} of {10 * Gib} bytes free with 2 session(s)", full.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserve_TwoDevices_SpreadsToTheOneWithMostRoom()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib, 16 * Gib));

        using var a = devices.Reserve("resnet", "1", Cuda(4 * Gib));
        using var b = devices.Reserve("bert", "1", Cuda(4 * Gib));

        Assert.Equal(0, a.Index);
        Assert.Equal(1, b.Index);
    }

    [Fact]
    public void Reserve_NoBudget_TakesAWholeDeviceAndSharesNone()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib));

        using var whole = devices.Reserve("llm", "1", Cuda());

        Assert.Equal(16 * Gib, whole.Bytes);
        Assert.Throws<GpuUnavailableException>(() => devices.Reserve("tiny", "1", Cuda(64L << 20)));
        Assert.NotNull(devices.WhyCannotHost(Cuda(64L << 20)));
    }

    [Fact]
    public void Reserve_WholeDeviceWanted_RefusedWhereASessionAlreadyIs()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib));
        using var small = devices.Reserve("tiny", "1", Cuda(64L << 20));

        var ex = Assert.Throws<GpuUnavailableException>(() => devices.Reserve("llm", "1", Cuda()));

        Assert.Contains("a whole device to itself", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserve_ExplicitDevice_UsesOnlyThatOne()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib, 16 * Gib));
        using var first = devices.Reserve("a", "1", Cuda(12 * Gib, device: 1));

        var ex = Assert.Throws<GpuUnavailableException>(() => devices.Reserve("b", "1", Cuda(12 * Gib, device: 1)));
        var missing = Assert.Throws<GpuUnavailableException>(() => devices.Reserve("c", "1", Cuda(Gib, device: 5)));

        Assert.Equal(1, first.Index);
        Assert.Contains("device 1 (GPU-", ex.Message, StringComparison.Ordinal);
        Assert.Contains("device 5 does not exist here (devices 0, 1)", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_Reservation_GivesTheMemoryBack()
    {
        var devices = new GpuDevices(new FakeGpuInventory(8 * Gib));
        var a = devices.Reserve("a", "1", Cuda(6 * Gib));

        a.Dispose();
        a.Dispose();
        using var b = devices.Reserve("b", "1", Cuda(6 * Gib));

        Assert.Equal(6 * Gib, devices.Devices[0].ReservedBytes);
    }

    [Fact]
    public void Reserve_NoGpus_RefusesWithTheInventorysReason()
    {
        var devices = new GpuDevices(new FakeGpuInventory());

        var ex = Assert.Throws<GpuUnavailableException>(() => devices.Reserve("resnet", "1", Cuda(Gib)));

        Assert.Contains("libnvidia-ml.so.1 not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("libnvidia-ml.so.1 not found", devices.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportDeviceFailed_OneDevice_RaisesOnceAndPlacesNothingMoreOnIt()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib, 16 * Gib));
        var failed = new List<GpuDeviceState>();
        devices.DeviceFailed += failed.Add;
        using var a = devices.Reserve("resnet", "1", Cuda(4 * Gib));

        a.ReportDeviceFailed("CUDA failure 700: an illegal memory access was encountered");
        a.ReportDeviceFailed("again");
        using var b = devices.Reserve("resnet", "1", Cuda(4 * Gib));

        var state = Assert.Single(failed);
        Assert.Equal(0, state.Index);
        Assert.Equal(["resnet/1"], state.Sessions);
        Assert.Equal("CUDA failure 700: an illegal memory access was encountered", a.DeviceProblem);
        Assert.Equal(1, b.Index);
        Assert.Null(b.DeviceProblem);
        Assert.False(devices.Devices[0].Healthy);
    }

    [Fact]
    public void Refresh_NvmlCallsADeviceUnhealthy_MarksItFailed()
    {
        var inventory = new FakeGpuInventory(16 * Gib, 16 * Gib);
        var devices = new GpuDevices(inventory);
        using var a = devices.Reserve("resnet", "1", Cuda(4 * Gib));
        inventory.Set(0, r => r with { EccUncorrectedErrors = 2, Problem = "2 uncorrectable ECC errors since the silo started" });

        devices.Refresh();

        Assert.Equal("2 uncorrectable ECC errors since the silo started", a.DeviceProblem);
        Assert.True(devices.Devices[1].Healthy);
        Assert.Equal(2, devices.LatestReadings[0].EccUncorrectedErrors);
    }

    [Fact]
    public void Refresh_DeviceNoLongerListed_MarksItFailed()
    {
        var inventory = new FakeGpuInventory(16 * Gib, 16 * Gib);
        var devices = new GpuDevices(inventory);
        inventory.Remove(1);

        devices.Refresh();

        Assert.Contains("no longer listed", devices.Devices[1].Problem, StringComparison.Ordinal);
        Assert.True(devices.Devices[0].Healthy);
    }
}
