using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Hosting.Secrets;

/// <summary>The last <see cref="SecretStoreOptions.AuditCapacity"/> secret accesses of this process, in a ring.</summary>
internal sealed class SecretAuditLog(int capacity) : ISecretAuditLog
{
    private readonly SecretAccessRecord?[] _ring = new SecretAccessRecord?[Math.Max(1, capacity)];
    private readonly Lock _gate = new();
    private long _written;

    public long Total => Interlocked.Read(ref _written);

    public void Add(SecretAccessRecord record)
    {
        lock (_gate)
        {
            _ring[_written % _ring.Length] = record;
            _written++;
        }
    }

    public IReadOnlyList<SecretAccessRecord> Recent(int limit)
    {
        lock (_gate)
        {
            var count = (int)Math.Min(Math.Min(limit, _ring.Length), _written);
            var records = new List<SecretAccessRecord>(Math.Max(0, count));
            for (var i = 1; i <= count; i++)
            {
                records.Add(_ring[(_written - i) % _ring.Length]!);
            }

            return records;
        }
    }
}
