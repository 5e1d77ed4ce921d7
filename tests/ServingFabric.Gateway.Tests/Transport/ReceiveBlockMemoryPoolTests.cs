using ServingFabric.Gateway.Transport;

namespace ServingFabric.Gateway.Tests.Transport;

public sealed class ReceiveBlockMemoryPoolTests
{
    [Fact]
    public void Rent_AnySizeUpToTheBlock_GivesAWholeBlock()
    {
        using var pool = new ReceiveBlockMemoryPool(32 * 1024, 1024 * 1024);

        using var small = pool.Rent(1);
        using var any = pool.Rent();

        Assert.Equal(32 * 1024, small.Memory.Length);
        Assert.Equal(32 * 1024, any.Memory.Length);
        Assert.Equal(32 * 1024, pool.MaxBufferSize);
    }

    [Fact]
    public void Rent_AfterAReturn_ReusesTheBlock()
    {
        using var pool = new ReceiveBlockMemoryPool(4096, 1024 * 1024);
        var first = pool.Rent();
        first.Memory.Span[0] = 42;
        first.Dispose();

        using var second = pool.Rent();

        Assert.Equal(1, pool.Allocated);
        Assert.Equal(42, second.Memory.Span[0]);
        Assert.Equal(0, pool.Retained);
    }

    [Fact]
    public void Dispose_BeyondTheRetainedBytes_DropsTheExtraBlocks()
    {
        using var pool = new ReceiveBlockMemoryPool(4096, 2 * 4096);
        var leases = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();

        leases.ForEach(l => l.Dispose());

        Assert.Equal(2, pool.Retained);
        Assert.Equal(5, pool.Allocated);
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        using var pool = new ReceiveBlockMemoryPool(4096, 1024 * 1024);
        var lease = pool.Rent();

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(1, pool.Retained);
        Assert.Throws<ObjectDisposedException>(() => lease.Memory);
    }

    [Fact]
    public void Rent_MoreThanABlock_ThrowsNamingTheSetting()
    {
        using var pool = new ReceiveBlockMemoryPool(4096, 1024 * 1024);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(4097));

        Assert.Contains("ServingFabric:Gateway:ReceiveBlockBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rent_AfterThePoolIsDisposed_Throws()
    {
        var pool = new ReceiveBlockMemoryPool(4096, 1024 * 1024);
        var lease = pool.Rent();
        pool.Dispose();

        lease.Dispose();

        Assert.Equal(0, pool.Retained);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }
}
