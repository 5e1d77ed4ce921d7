using Azure;
using Azure.Storage.Blobs.Models;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository.Blob;

public sealed partial class BlobModelRepository
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> SyncAsync(CancellationToken cancellationToken)
    {
        await _syncing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            if (!_repaired)
            {
                // Once per process: what a killed silo left half-written is removed before anything is listed.
                AbandonedDownloads.Remove(CacheDirectory, _logger);
                _repaired = true;
            }

            Dictionary<string, List<BlobEntry>> models;
            try
            {
                models = await ListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                LogListFailed(_logger, ex, Source, ex.Status, CacheDirectory);
                return [];
            }

            var changed = new List<string>();
            foreach (var (model, blobs) in models.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                if (await SyncModelAsync(model, blobs, cancellationToken).ConfigureAwait(false))
                {
                    changed.Add(model);
                }
            }

            return changed;
        }
        finally
        {
            _syncing.Release();
        }
    }

    private async Task<Dictionary<string, List<BlobEntry>>> ListAsync(CancellationToken cancellationToken)
    {
        var models = new Dictionary<string, List<BlobEntry>>(StringComparer.Ordinal);
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _prefix, cancellationToken).ConfigureAwait(false))
        {
            var entry = BlobLayout.Parse(_prefix, item.Name, item.Properties.ContentLength ?? 0, item.Properties.ETag?.ToString() ?? "");
            if (entry is not null)
            {
                (models.TryGetValue(entry.Model, out var blobs) ? blobs : models[entry.Model] = []).Add(entry);
            }
        }

        return models;
    }

    private async Task<bool> SyncModelAsync(string model, List<BlobEntry> blobs, CancellationToken cancellationToken)
    {
        var configBlob = blobs.Find(b => b.Version is null);
        if (configBlob is null)
        {
            WarnOnce($"no-config/{model}", () => LogModelWithoutConfig(_logger, model, Source + model));
            return false;
        }

        var (config, configChanged) = await SyncConfigAsync(model, configBlob, cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            return false;
        }

        var installed = false;
        foreach (var blob in blobs.Where(b => b.Version is not null).OrderBy(b => b.Version!, VersionOrder.Instance))
        {
            var version = blob.Version!;
            if (File.Exists(_cache.GetArtifactPath(model, version)))
            {
                continue;
            }

            var expected = config.Versions?.GetValueOrDefault(version)?.Sha256;
            if (string.IsNullOrEmpty(expected))
            {
                WarnOnce($"no-sha/{model}/{version}/{blob.ETag}", () => LogVersionWithoutSha256(_logger, model, version, blob.BlobName));
                continue;
            }

            var key = (blob.BlobName, blob.ETag, expected.ToLowerInvariant());
            if (_refused.Contains(key))
            {
                continue;
            }

            if (await _installer.InstallAsync(_container.GetBlobClient(blob.BlobName), blob, expected, cancellationToken).ConfigureAwait(false))
            {
                installed = true;
            }
            else
            {
                _refused.Add(key);
            }
        }

        return configChanged || installed;
    }

    /// <summary>The config in effect for <paramref name="model"/> and whether the cached copy changed.</summary>
    private async Task<(ModelConfig? Config, bool Changed)> SyncConfigAsync(string model, BlobEntry blob, CancellationToken cancellationToken)
    {
        var cachedPath = Path.Combine(CacheDirectory, model, FileSystemModelRepository.ConfigFileName);
        string text;
        try
        {
            var content = await _container.GetBlobClient(blob.BlobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            text = content.Value.Content.ToString();
        }
        catch (RequestFailedException ex)
        {
            LogConfigDownloadFailed(_logger, ex, model, blob.BlobName, ex.Status);
            return (CachedConfig(cachedPath), false);
        }

        ModelConfig config;
        try
        {
            config = ModelConfigJson.Parse(text, $"{Source}{model}/{FileSystemModelRepository.ConfigFileName}");
        }
        catch (InferenceException ex)
        {
            // A broken upload must not take down a model that serves: the cached config stays.
            WarnOnce($"bad-config/{model}/{blob.ETag}", () => LogConfigInvalid(_logger, model, ex.Message));
            return (CachedConfig(cachedPath), false);
        }

        if (File.Exists(cachedPath) && string.Equals(await File.ReadAllTextAsync(cachedPath, cancellationToken).ConfigureAwait(false), text, StringComparison.Ordinal))
        {
            return (config, false);
        }

        AtomicFile.Write(cachedPath, text);
        return (config, true);
    }

    private static ModelConfig? CachedConfig(string path)
    {
        try
        {
            return File.Exists(path) ? ModelConfigJson.Read(path) : null;
        }
        catch (InferenceException)
        {
            return null;
        }
    }

    private void WarnOnce(string key, Action log)
    {
        if (_warned.Add(key))
        {
            log();
        }
    }
}
