using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ServingFabric.Grains.Fronts;

namespace ServingFabric.Grains.Outcomes;

/// <summary>
/// The silo's outcomes per model, shared by every front activation (a singleton; each <see cref="ModelOutcomes"/> is
/// thread-safe), flushed to the routers by <see cref="OutcomeFlusher"/>. A model appears with its first request on
/// this silo, so nothing is collected or reported for models without traffic here. It also bounds the mirrored
/// copies the silo has in flight, so shadow traffic can never pile up behind a slow mirror version.
/// </summary>
internal sealed class OutcomeCollector(IOptions<InferenceFrontOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ModelOutcomes> _models = new(StringComparer.Ordinal);
    private readonly int _mirrorLimit = options.Value.MirrorMaxInFlight;
    private int _mirrorsInFlight;

    /// <summary>Most mirrored copies in flight on this silo.</summary>
    public int MirrorLimit => _mirrorLimit;

    /// <summary>The models that had traffic on this silo.</summary>
    public ICollection<ModelOutcomes> Models => _models.Values;

    /// <summary>The outcomes of <paramref name="model"/>, created on first use.</summary>
    public ModelOutcomes For(string model) =>
        _models.GetOrAdd(model, static (name, self) => new ModelOutcomes(name, self.TimeNow()), this);

    /// <summary>Takes a place for one mirrored copy; false when the silo's limit is reached (drop the copy).</summary>
    public bool TryStartMirror()
    {
        if (Interlocked.Increment(ref _mirrorsInFlight) <= _mirrorLimit)
        {
            return true;
        }

        Interlocked.Decrement(ref _mirrorsInFlight);
        return false;
    }

    /// <summary>Gives back the place of a mirrored copy that ended.</summary>
    public void EndMirror() => Interlocked.Decrement(ref _mirrorsInFlight);

    private DateTimeOffset TimeNow() => time.GetUtcNow();
}
