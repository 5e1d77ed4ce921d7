using ServingFabric.Grains.Placement;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Placement;

public sealed class GpuCapacityTests
{
    private const long Gib = 1L << 30;

    private static ExecutionSpec Cuda(long? limit = null, int? device = null) => new(ExecutionProvider.Cuda, device, limit);

    [Fact]
    public void Devices_AdvertisedMemory_ReadInDeviceOrder()
    {
        var metadata = new Dictionary<string, string> { [SiloMetadataKeys.Gpus] = "2", [SiloMetadataKeys.GpuMemory] = GpuCapacity.Advertise([80 * Gib, 40 * Gib]) };

        Assert.Equal([80 * Gib, 40 * Gib], GpuCapacity.Devices(metadata));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-5,0")]
    [InlineData("1e9")]
    public void Devices_MetadataThatIsNotByteCounts_NoGpus(string value)
    {
        Assert.Empty(GpuCapacity.Devices(new Dictionary<string, string> { [SiloMetadataKeys.GpuMemory] = value }));
    }

    [Fact]
    public void Devices_CpuSilo_NoGpus()
    {
        Assert.Empty(GpuCapacity.Devices(new Dictionary<string, string> { [SiloMetadataKeys.Zone] = "a" }));
    }

    [Fact]
    public void Fits_BudgetsBesideOthers_UntilTheDeviceIsFull()
    {
        long[] devices = [16 * Gib];

        Assert.True(GpuCapacity.Fits(devices, [Cuda(6 * Gib), Cuda(6 * Gib)], Cuda(4 * Gib)));
        Assert.False(GpuCapacity.Fits(devices, [Cuda(6 * Gib), Cuda(6 * Gib)], Cuda(5 * Gib)));
    }

    [Fact]
    public void Fits_WholeDeviceSessions_NeedAnUntouchedDevice()
    {
        long[] devices = [16 * Gib, 16 * Gib];

        Assert.True(GpuCapacity.Fits(devices, [Cuda(Gib)], Cuda()));
        Assert.False(GpuCapacity.Fits(devices, [Cuda(Gib), Cuda()], Cuda()));
        Assert.False(GpuCapacity.Fits(devices, [Cuda(), Cuda()], Cuda(Gib)));
    }

    [Fact]
    public void Fits_PinnedDevice_CountsOnlyThatDevice()
    {
        long[] devices = [16 * Gib, 16 * Gib];

        Assert.False(GpuCapacity.Fits(devices, [Cuda(12 * Gib, device: 1)], Cuda(8 * Gib, device: 1)));
        Assert.True(GpuCapacity.Fits(devices, [Cuda(12 * Gib, device: 1)], Cuda(8 * Gib)));
        Assert.False(GpuCapacity.Fits(devices, [], Cuda(Gib, device: 2)));
    }

    [Fact]
    public void Fits_NoDevices_False()
    {
        Assert.False(GpuCapacity.Fits([], [], Cuda(Gib)));
    }
}
