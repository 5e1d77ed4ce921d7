using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace ServingFabric.Traffic.Routing;

/// <summary>
/// Hashes of routing keys that are the same on every silo, in every process and after every restart: XxHash64 of
/// the key's UTF-8 bytes. <see cref="string.GetHashCode()"/> is randomized per process, so two gateways would send
/// one user to two versions.
/// </summary>
public static class RoutingKeyHash
{
    /// <summary>Salt for the version split (weighted rendezvous over the versions).</summary>
    public const ulong SplitSalt = 0x5EED_0001_C0FF_EE01;

    /// <summary>Salt for the mirrored share, so which requests are mirrored does not follow which version they got.</summary>
    public const ulong MirrorSalt = 0x5EED_0002_5AD0_3302;

    private const int StackLimit = 256;

    /// <summary>The 64-bit hash of <paramref name="key"/>.</summary>
    public static ulong Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        if (length <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var written = Encoding.UTF8.GetBytes(key, buffer);
            return XxHash64.HashToUInt64(buffer[..written]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(key, rented);
            return XxHash64.HashToUInt64(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// An independent-looking hash derived from <paramref name="hash"/> and <paramref name="salt"/> (the SplitMix64
    /// finalizer, which sends every input bit to every output bit): one key hash serves several decisions that must
    /// not be correlated.
    /// </summary>
    public static ulong Mix(ulong hash, ulong salt)
    {
        var z = hash ^ salt;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }

    /// <summary>A hash as a number in [0, 1), from its top 53 bits (all a double holds).</summary>
    public static double ToUnit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    /// <summary>A hash as a number in (0, 1]: never 0, so its logarithm is finite.</summary>
    public static double ToOpenUnit(ulong hash) => ((hash >> 11) + 1) * (1.0 / (1UL << 53));
}
