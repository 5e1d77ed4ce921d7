using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ServingFabric.Gateway.Transport;

/// <summary>
/// Gives Kestrel's socket transport pools of <see cref="GatewayOptions.ReceiveBlockBytes"/> blocks (it creates one
/// pool per I/O queue when it starts listening). Registered as Kestrel's <see cref="IMemoryPoolFactory{T}"/>.
/// </summary>
internal sealed class ReceiveBlockMemoryPoolFactory(IOptions<GatewayOptions> gatewayOptions) : IMemoryPoolFactory<byte>
{
    private readonly ConcurrentQueue<ReceiveBlockMemoryPool> _pools = new();

    /// <summary>Every pool created so far, for diagnostics and tests.</summary>
    public IReadOnlyCollection<ReceiveBlockMemoryPool> Pools => _pools;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var gateway = gatewayOptions.Value;
        var pool = new ReceiveBlockMemoryPool(gateway.ReceiveBlockBytes, gateway.ReceiveBlockRetainedBytes);
        _pools.Enqueue(pool);
        return pool;
    }
}
