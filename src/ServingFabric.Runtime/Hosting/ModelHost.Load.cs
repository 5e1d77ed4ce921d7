using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ServingFabric.Inference;
using ServingFabric.Runtime.Batching;
using ServingFabric.Runtime.Engines;

namespace ServingFabric.Runtime.Hosting;

public sealed partial class ModelHost
{
    // Called under the lock with the slot already registered, so a load failing at once still finds and removes it.
    private async Task<LoadedModel> LoadAsync(ModelSlot slot, Task? previousUnload)
    {
        try
        {
            // A reload waits for the old session to go, so a large model is never held twice.
            if (previousUnload is not null)
            {
                await previousUnload.ConfigureAwait(false);
            }

            // Task.Run: loading reads and compiles the artifact; it must not run on the caller's (grain) scheduler.
            return await Task.Run(() => Load(slot.ModelName, slot.Version)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogLoadFailed(ex, slot.ModelName, slot.Version);
            lock (_gate)
            {
                // Forget the failure so the next acquire retries (the artifact may be fixed by then).
                if (_slots.TryGetValue(slot.Key, out var current) && current == slot)
                {
                    _slots.Remove(slot.Key);
                }
            }

            if (ex is InferenceException)
            {
                throw;
            }

            throw new InferenceException(
                InferenceErrorKind.Unavailable, $"model '{slot.ModelName}' version '{slot.Version}' could not be loaded: {ex.Message}", ex);
        }
    }

    private LoadedModel Load(string model, string version)
    {
        var started = Stopwatch.GetTimestamp();
        var found = _repository.Find(model) ?? throw new InferenceException(
            InferenceErrorKind.NotFound, $"model '{model}' is not in repository {_repository.Location}; models: {List(_repository.ListModels())}");
        if (!found.Versions.Contains(version, StringComparer.Ordinal))
        {
            throw new InferenceException(
                InferenceErrorKind.NotFound, $"model '{model}' has no version '{version}' in repository {_repository.Location}; versions: {List(found.Versions)}");
        }

        var config = found.Config;
        if (!_factories.TryGetValue(config.Platform, out var factory))
        {
            throw new InferenceException(
                InferenceErrorKind.Unavailable, $"model '{model}' needs platform '{config.Platform}', which this silo does not serve; platforms: {List([.. _factories.Keys.Order(StringComparer.Ordinal)])}");
        }

        var path = _repository.GetArtifactPath(model, version);
        string? sha256 = null;
        if (config.Versions is not null && config.Versions.TryGetValue(version, out var versionConfig))
        {
            sha256 = versionConfig.Sha256;
        }

        _verifier?.Verify(path, sha256, model, version);
        var engine = factory.Create(model, version, path, config);
        try
        {
            // The config is the authority on batching, as in Triton; the engine reports the tensors.
            var metadata = engine.Metadata with { MaxBatchSize = config.MaxBatchSize };
            var batcher = new DynamicBatcher(
                engine,
                DynamicBatcherOptions.FromConfig(config),
                _time,
                _loggerFactory.CreateLogger<DynamicBatcher>(),
                _observers?.Create(model, version));
            LogLoaded(model, version, config.Platform, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new LoadedModel(model, version, config, metadata, batcher, engine);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    // Called under the lock. Task.Run keeps the unload off the releasing grain's scheduler and lets it finish
    // after the lock is released.
    private Task StartUnload(ModelSlot slot)
    {
        if (slot.Unload is null)
        {
            slot.Unload = Task.Run(() => UnloadAsync(slot));
            _unloading[slot.Key] = slot;
        }

        return slot.Unload;
    }

    private async Task UnloadAsync(ModelSlot slot)
    {
        try
        {
            LoadedModel loaded;
            try
            {
                loaded = await slot.Load.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Nothing was loaded; the failure was reported to those who waited for it.
                return;
            }

            await loaded.Batcher.DisposeAsync().ConfigureAwait(false);
            loaded.Engine.Dispose();
            LogUnloaded(slot.ModelName, slot.Version);
        }
        catch (Exception ex)
        {
            LogUnloadFailed(ex, slot.ModelName, slot.Version);
        }
        finally
        {
            lock (_gate)
            {
                if (_unloading.TryGetValue(slot.Key, out var current) && current == slot)
                {
                    _unloading.Remove(slot.Key);
                }
            }
        }
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "(none)" : string.Join(", ", names);
}
