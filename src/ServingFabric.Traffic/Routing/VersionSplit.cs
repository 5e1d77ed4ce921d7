using ServingFabric.Releases;

namespace ServingFabric.Traffic.Routing;

/// <summary>
/// Splits unversioned requests over versions by weight. A request with a key (routing key or request id) gets a
/// sticky version by weighted rendezvous hashing: each version draws an exponential "arrival time" from the key's
/// hash, scaled by its weight, and the earliest wins. Version v wins with probability w_v / Σw exactly, and the choice
/// depends only on the key and the weights, never on the order the versions are listed in. When a canary step raises
/// the candidate's weight, its arrival times only get earlier and the others' only later, so every key already on the
/// candidate stays there and keys move only from the other versions to it (cumulative buckets keep this for two
/// versions, but not for a version in the middle of three). Immutable and thread-safe; built once per routing table.
/// </summary>
public sealed class VersionSplit
{
    private readonly string[] _versions;
    private readonly double[] _weights;
    private readonly ulong[] _salts;
    private readonly double _total;

    private VersionSplit(string[] versions, double[] weights)
    {
        _versions = versions;
        _weights = weights;
        _salts = new ulong[versions.Length];
        for (var i = 0; i < versions.Length; i++)
        {
            _salts[i] = RoutingKeyHash.Mix(RoutingKeyHash.Of(versions[i]), RoutingKeyHash.SplitSalt);
            _total += weights[i];
        }
    }

    /// <summary>The versions that receive traffic, in ordinal order.</summary>
    public IReadOnlyList<string> Versions => _versions;

    /// <summary>
    /// The split over the versions of <paramref name="weights"/> with a positive weight that <paramref name="routable"/>
    /// accepts (null: all); null when none is left (everything goes to the default version).
    /// </summary>
    public static VersionSplit? Create(IReadOnlyList<VersionWeight>? weights, Func<string, bool>? routable = null)
    {
        if (weights is null || weights.Count == 0)
        {
            return null;
        }

        var kept = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var weight in weights)
        {
            if (weight.Percent > 0 && double.IsFinite(weight.Percent) && (routable is null || routable(weight.Version)))
            {
                kept[weight.Version] = kept.GetValueOrDefault(weight.Version) + weight.Percent;
            }
        }

        return kept.Count == 0 ? null : new VersionSplit([.. kept.Keys], [.. kept.Values]);
    }

    /// <summary>The sticky version of a key whose <see cref="RoutingKeyHash.Of"/> is <paramref name="keyHash"/>.</summary>
    public string ForKey(ulong keyHash)
    {
        var best = 0;
        var earliest = double.PositiveInfinity;
        for (var i = 0; i < _versions.Length; i++)
        {
            var arrival = -Math.Log(RoutingKeyHash.ToOpenUnit(RoutingKeyHash.Mix(keyHash, _salts[i]))) / _weights[i];
            if (arrival < earliest)
            {
                earliest = arrival;
                best = i;
            }
        }

        return _versions[best];
    }

    /// <summary>The version whose share of [0, 1) holds <paramref name="point"/>, for requests with nothing to hash.</summary>
    public string ForPoint(double point)
    {
        var bound = point * _total;
        for (var i = 0; i < _versions.Length - 1; i++)
        {
            bound -= _weights[i];
            if (bound < 0)
            {
                return _versions[i];
            }
        }

        return _versions[^1];
    }
}
