using System.Buffers;
using System.Collections.Concurrent;

namespace ServingFabric.Gateway.Transport;

/// <summary>
/// Kestrel's connection memory with blocks larger than its own 4 KiB. The socket transport receives into one block at
/// a time, so a 110 KB tensor body took 27 receive calls and 27 pipe flushes with 4 KiB blocks, and takes 4 with
/// 32 KiB. Blocks are pinned (the socket reads straight into them) and kept for reuse up to a byte bound; past it a
/// returned block is left to the garbage collector. Thread-safe.
/// </summary>
/// <remarks>
/// Kestrel rents a block only while a connection has data to read (it waits for data before renting) or a response to
/// write, so idle connections hold none: the block size costs memory only per busy connection.
/// </remarks>
internal sealed class ReceiveBlockMemoryPool : MemoryPool<byte>
{
    private readonly ConcurrentQueue<Block> _free = new();
    private readonly int _maxRetained;
    private int _retained;
    private long _allocated;
    private volatile bool _disposed;

    public ReceiveBlockMemoryPool(int blockBytes, long maxRetainedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedBytes);
        BlockBytes = blockBytes;
        _maxRetained = (int)Math.Min(int.MaxValue, maxRetainedBytes / blockBytes);
    }

    /// <summary>The size of every block.</summary>
    public int BlockBytes { get; }

    /// <summary>Blocks kept for reuse now.</summary>
    public int Retained => Volatile.Read(ref _retained);

    /// <summary>Blocks allocated since the pool was created (reuse allocates none).</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    public override int MaxBufferSize => BlockBytes;

    /// <summary>A block of <see cref="BlockBytes"/>; asking for more than that is a caller's error, as with Kestrel's own pool.</summary>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (minBufferSize > BlockBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize,
                $"a block holds at most {BlockBytes} bytes (ServingFabric:Gateway:ReceiveBlockBytes)");
        }

        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            block.Lease();
            return block;
        }

        Interlocked.Increment(ref _allocated);
        return new Block(this, GC.AllocateUninitializedArray<byte>(BlockBytes, pinned: true));
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        while (_free.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _retained);
        }
    }

    private void Return(Block block)
    {
        // Over the bound (or after disposal) the block is simply dropped: the pinned heap reclaims it like any array.
        if (_disposed)
        {
            return;
        }

        if (Interlocked.Increment(ref _retained) > _maxRetained)
        {
            Interlocked.Decrement(ref _retained);
            return;
        }

        _free.Enqueue(block);
    }

    /// <summary>A block is its own lease, so reuse allocates nothing; a second dispose of one lease is ignored.</summary>
    private sealed class Block(ReceiveBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private int _leased = 1;

        public Memory<byte> Memory => Volatile.Read(ref _leased) == 1
            ? array
            : throw new ObjectDisposedException(nameof(ReceiveBlockMemoryPool), "the block was returned to the pool");

        public void Lease() => Volatile.Write(ref _leased, 1);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }
}
