using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Caching;

/// <summary>
/// Answers of deterministic models, shared by every front activation on a silo so a repeated request costs no hop.
/// Least recently used entries go first once either bound (entries, bytes) is passed. Thread-safe.
/// </summary>
/// <remarks>
/// One lock guards the index and the recency list. Hashing the inputs happens in <see cref="ResponseCacheKey.Create"/>,
/// outside it; under it a lookup compares a found key's inputs exactly (a vectorized comparison, about 3 µs for 110 KB),
/// and dropping a model's entries walks the list.
/// Outputs are held by reference: tensors are immutable by contract (<c>[Immutable]</c>), which is also what lets
/// Orleans pass them between grains without copying.
/// </remarks>
public sealed partial class ResponseCache
{
    /// <summary>Bytes counted per entry on top of its tensors and key: index slot, list node and the objects around them.</summary>
    public const int EntryOverheadBytes = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<ResponseCacheKey, LinkedListNode<Entry>> _index = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Dictionary<string, ModelRevisions> _models = new(StringComparer.Ordinal);
    private long _bytes;
    private long _hits;
    private long _misses;

    public ResponseCache(IOptions<ResponseCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        ArgumentOutOfRangeException.ThrowIfLessThan(value.MaxEntries, 1, "ServingFabric:ResponseCache:MaxEntries");
        ArgumentOutOfRangeException.ThrowIfLessThan(value.MaxBytes, 8L * EntryOverheadBytes, "ServingFabric:ResponseCache:MaxBytes");
        Enabled = value.Enabled;
        MaxEntries = value.MaxEntries;
        MaxBytes = value.MaxBytes;

        // One large answer must not push out hundreds of small ones.
        MaxEntryBytes = value.MaxBytes / 8;
    }

    /// <summary>Whether fronts should use the cache (<see cref="ResponseCacheOptions.Enabled"/>).</summary>
    public bool Enabled { get; }

    /// <summary>The entry bound.</summary>
    public int MaxEntries { get; }

    /// <summary>The byte bound.</summary>
    public long MaxBytes { get; }

    /// <summary>Entries measuring more than this are not cached: an eighth of <see cref="MaxBytes"/>.</summary>
    public long MaxEntryBytes { get; }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>Bytes held now, as <see cref="Measure"/> counts them.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Lookups answered from the cache since the silo started.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found nothing since the silo started.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Finds the answer stored under <paramref name="key"/> and returns it as the answer to <paramref name="requestId"/>:
    /// a hit never leaks the id of the request that filled the entry. <paramref name="countMiss"/>: false for a lookup
    /// that another one repeats when it finds nothing (the gateway's, before the front's), so a miss counts once.
    /// </summary>
    public bool TryGet(ResponseCacheKey key, string requestId, [NotNullWhen(true)] out InferenceResponse? response, bool countMiss = true)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(requestId);
        Entry? entry = null;
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                entry = node.Value;
            }
        }

        if (entry is null)
        {
            if (countMiss)
            {
                Interlocked.Increment(ref _misses);
            }

            response = null;
            return false;
        }

        Interlocked.Increment(ref _hits);
        response = new InferenceResponse(requestId, entry.ModelName, entry.Version, entry.Outputs);
        return true;
    }

    /// <summary>
    /// Stores a successful answer. Returns false, storing nothing, when it measures more than
    /// <see cref="MaxEntryBytes"/> or belongs to a revision older than one the model has moved on to.
    /// </summary>
    public bool TryAdd(ResponseCacheKey key, InferenceResponse response)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(response);
        var outputs = response.Outputs.ToArray();
        var size = Measure(key, response.ModelName, response.ModelVersion, outputs);
        if (size > MaxEntryBytes)
        {
            return false;
        }

        var node = new LinkedListNode<Entry>(new Entry(key, response.ModelName, response.ModelVersion, outputs, size));
        lock (_gate)
        {
            var revisions = RevisionsOf(key.Model);
            if (key.Revision < revisions.Latest)
            {
                // A front activation still on the old routing table: its answer may come from a replaced deployment.
                return false;
            }

            if (_index.Remove(key, out var existing))
            {
                RemoveLocked(existing, dropFromIndex: false);
            }

            // Room first, then the entry: Bytes and Count are read without the lock and must never pass the bounds.
            while (_index.Count >= MaxEntries || _bytes + size > MaxBytes)
            {
                RemoveLocked(_recency.Last!, dropFromIndex: true);
            }

            _index.Add(key, node);
            _recency.AddFirst(node);
            revisions.Add(key.Revision);
            Interlocked.Add(ref _bytes, size);
        }

        return true;
    }

    /// <summary>Drops every entry of <paramref name="model"/>.</summary>
    public void Invalidate(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            if (_models.TryGetValue(model, out var revisions) && revisions.Entries > 0)
            {
                RemoveWhereLocked(e => e.Key.Model == model);
            }
        }
    }

    /// <summary>
    /// Drops <paramref name="model"/>'s entries of every revision but <paramref name="currentRevision"/> and refuses
    /// older revisions from then on. Fronts call it when their routing table changes; every activation of a silo
    /// does, and only the first finds anything to drop, so entries of the new revision are kept.
    /// </summary>
    public void Invalidate(string model, long currentRevision)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            var revisions = RevisionsOf(model);
            revisions.Latest = Math.Max(revisions.Latest, currentRevision);
            if (revisions.HasOtherThan(currentRevision))
            {
                RemoveWhereLocked(e => e.Key.Model == model && e.Key.Revision != currentRevision);
            }
        }
    }

    /// <summary>The bytes an entry counts for: its tensors (data, shape, name), its key and a fixed overhead.</summary>
    internal static long Measure(ResponseCacheKey key, string modelName, string version, IReadOnlyList<Tensor> outputs)
    {
        long size = EntryOverheadBytes + key.SizeInBytes + (sizeof(char) * (modelName.Length + version.Length));
        return size + SizeOf(outputs);
    }

    /// <summary>The bytes tensors count for: data, shape and name of each. Outputs of entries and inputs kept by keys alike.</summary>
    internal static long SizeOf(IReadOnlyList<Tensor> tensors)
    {
        long size = 0;
        foreach (var tensor in tensors)
        {
            size += tensor.Data.LongLength + (sizeof(long) * tensor.Shape.Length) + (sizeof(char) * tensor.Name.Length);
        }

        return size;
    }

    private ModelRevisions RevisionsOf(string model)
    {
        if (!_models.TryGetValue(model, out var revisions))
        {
            revisions = new ModelRevisions();
            _models.Add(model, revisions);
        }

        return revisions;
    }

    private void RemoveWhereLocked(Func<Entry, bool> predicate)
    {
        var node = _recency.First;
        while (node is not null)
        {
            var next = node.Next;
            if (predicate(node.Value))
            {
                RemoveLocked(node, dropFromIndex: true);
            }

            node = next;
        }
    }

    private void RemoveLocked(LinkedListNode<Entry> node, bool dropFromIndex)
    {
        var entry = node.Value;
        if (dropFromIndex)
        {
            _index.Remove(entry.Key);
        }

        _recency.Remove(node);
        _models[entry.Key.Model].Remove(entry.Key.Revision);
        Interlocked.Add(ref _bytes, -entry.Size);
    }
}
