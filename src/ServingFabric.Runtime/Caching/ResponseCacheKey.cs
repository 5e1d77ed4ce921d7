using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Caching;

/// <summary>
/// What makes two requests the same for the response cache: model, version, routing revision, the requested output
/// names in their order, and a SHA-256 digest of the inputs (names, datatypes, shapes and bytes, in request order).
/// </summary>
/// <remarks>
/// Only the digest of the inputs is kept, not the inputs: holding a copy would double the memory of every entry for
/// image-sized inputs. Keys compare the full 256 bits, so a wrong answer would need a SHA-256 collision, which no one
/// has ever produced; a weaker or shorter hash would not give that guarantee. Output parameters such as
/// <c>binary_data</c> choose an encoding, not a result, and are left out: the gateway encodes each answer per request.
/// </remarks>
public sealed class ResponseCacheKey : IEquatable<ResponseCacheKey>
{
    private const int DigestBytes = 32;

    private readonly byte[] _inputDigest;
    private readonly string[] _outputNames;
    private readonly int _hashCode;

    private ResponseCacheKey(string model, string version, long revision, string[] outputNames, byte[] inputDigest)
    {
        Model = model;
        Version = version;
        Revision = revision;
        _outputNames = outputNames;
        _inputDigest = inputDigest;

        var hash = new HashCode();
        hash.Add(BinaryPrimitives.ReadInt64LittleEndian(inputDigest));
        hash.Add(model);
        hash.Add(version);
        hash.Add(revision);
        foreach (var name in outputNames)
        {
            hash.Add(name);
        }

        _hashCode = hash.ToHashCode();
        SizeInBytes = DigestBytes + sizeof(long) + (sizeof(char) * (model.Length + version.Length + outputNames.Sum(n => n.Length)));
    }

    /// <summary>The model name.</summary>
    public string Model { get; }

    /// <summary>The version that answers.</summary>
    public string Version { get; }

    /// <summary>The routing table revision the answer belongs to.</summary>
    public long Revision { get; }

    /// <summary>The requested output names in request order; empty means every output.</summary>
    public IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>Bytes this key accounts for in the cache's byte bound.</summary>
    public long SizeInBytes { get; }

    /// <summary>Builds the key of a request; hashes its inputs once.</summary>
    public static ResponseCacheKey Create(string model, string version, long revision, IReadOnlyList<Tensor> inputs, IReadOnlyList<RequestedOutput>? outputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(inputs);

        // Null and empty both ask for every output: one key for the two.
        var names = outputs is null || outputs.Count == 0 ? [] : new string[outputs.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = outputs![i].Name;
        }

        return new ResponseCacheKey(model, version, revision, names, HashInputs(inputs));
    }

    public bool Equals(ResponseCacheKey? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (_hashCode == other._hashCode
                && Revision == other.Revision
                && _inputDigest.AsSpan().SequenceEqual(other._inputDigest)
                && string.Equals(Model, other.Model, StringComparison.Ordinal)
                && string.Equals(Version, other.Version, StringComparison.Ordinal)
                && _outputNames.AsSpan().SequenceEqual(other._outputNames)));

    public override bool Equals(object? obj) => Equals(obj as ResponseCacheKey);

    public override int GetHashCode() => _hashCode;

    // Every variable-length part is preceded by its length, so no two different input lists share an encoding.
    private static byte[] HashInputs(IReadOnlyList<Tensor> inputs)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[sizeof(long)];
        AppendInt64(sha, number, inputs.Count);
        foreach (var tensor in inputs)
        {
            AppendInt64(sha, number, tensor.Name.Length);
            sha.AppendData(MemoryMarshal.AsBytes(tensor.Name.AsSpan()));
            AppendInt64(sha, number, (long)tensor.DataType);
            AppendInt64(sha, number, tensor.Shape.Length);
            foreach (var dim in tensor.Shape)
            {
                AppendInt64(sha, number, dim);
            }

            AppendInt64(sha, number, tensor.Data.Length);
            sha.AppendData(tensor.Data);
        }

        return sha.GetHashAndReset();
    }

    private static void AppendInt64(IncrementalHash sha, Span<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        sha.AppendData(buffer);
    }
}
