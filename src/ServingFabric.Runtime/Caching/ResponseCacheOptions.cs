namespace ServingFabric.Runtime.Caching;

/// <summary>
/// The silo's response cache for models whose config.json says <c>"deterministic": true</c>.
/// Bound from configuration section <c>ServingFabric:ResponseCache</c>.
/// </summary>
public sealed class ResponseCacheOptions
{
    public const string SectionName = "ServingFabric:ResponseCache";

    /// <summary>Whether fronts consult the cache at all. Default true (it only ever applies to deterministic models).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most entries held per silo; the least recently used go first. Default 10000.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>
    /// Most bytes held per silo (output tensors, key and <see cref="ResponseCache.EntryOverheadBytes"/> per entry).
    /// An entry larger than an eighth of this is never cached. Default 67108864 (64 MiB).
    /// </summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;
}
