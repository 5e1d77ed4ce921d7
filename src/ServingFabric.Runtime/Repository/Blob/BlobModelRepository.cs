using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ServingFabric.Runtime.Repository.Blob;

/// <summary>
/// A model repository in an Azure Blob container (Triton's layout under a prefix), served from a local cache folder
/// that holds the same layout. <see cref="SyncAsync"/> brings new versions in: each is downloaded into a hidden
/// <c>.tmp-*</c> folder, its SHA-256 checked against config.json, and only then renamed into place, so a version folder
/// in the cache is always complete and verified. Silos may share one cache folder: a rename either wins or finds the
/// version already there. Reads (<see cref="Find"/>, <see cref="GetArtifactPath"/>) only ever see the cache.
/// </summary>
public sealed partial class BlobModelRepository : IModelRepository, IModelRepositorySync, IDisposable
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly FileSystemModelRepository _cache;
    private readonly BlobVersionInstaller _installer;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _syncing = new(1, 1);

    // A refused download is not retried until the blob or the expected digest changes: a tampered blob would
    // otherwise be fetched again on every poll.
    private readonly HashSet<(string Blob, string ETag, string Expected)> _refused = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private bool _repaired;

    /// <param name="container">The container holding the repository.</param>
    /// <param name="prefix">The folder inside the container (empty for its root).</param>
    /// <param name="cacheDirectory">The local folder the versions are downloaded into; created when missing.</param>
    /// <param name="pollInterval">How often the silo looks for new versions.</param>
    /// <param name="logger">Download progress, installs and refusals.</param>
    /// <param name="time">Times downloads and spaces progress messages.</param>
    public BlobModelRepository(
        BlobContainerClient container, string? prefix, string cacheDirectory, TimeSpan pollInterval, ILogger<BlobModelRepository>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _container = container;
        _prefix = BlobLayout.NormalizePrefix(prefix);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cache = new FileSystemModelRepository(cacheDirectory);
        CacheDirectory = _cache.Location;
        _installer = new BlobVersionInstaller(CacheDirectory, _logger, time ?? TimeProvider.System);
        PollInterval = pollInterval;

        // Never the query: a container URL may carry a SAS token.
        Source = $"{container.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{_prefix}";
        Location = $"{Source} (cached in {CacheDirectory})";
    }

    /// <summary>The container URL and prefix, without any SAS token.</summary>
    public string Source { get; }

    /// <summary>The local folder holding the verified copy.</summary>
    public string CacheDirectory { get; }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public TimeSpan PollInterval { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ListModels() => _cache.ListModels();

    /// <inheritdoc />
    public RepositoryModel? Find(string modelName) => _cache.Find(modelName);

    /// <inheritdoc />
    public string GetArtifactPath(string modelName, string version) => _cache.GetArtifactPath(modelName, version);

    /// <inheritdoc />
    public void Dispose() => _syncing.Dispose();
}
