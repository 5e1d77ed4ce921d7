namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>
/// Pick two distinct candidates at random and return the less busy one (on a tie, the one on the front's silo). This avoids searching the whole list and the
/// herd behaviour of always taking the global least-loaded replica (every front would pile onto it between load
/// reports), yet still steers clear of an overloaded replica (Mitzenmacher, "The Power of Two Choices", 2001).
/// </summary>
public sealed class PowerOfTwoChoicesReplicaChooser : IReplicaChooser
{
    private readonly Random _random;

    /// <param name="random">The random source: <see cref="Random.Shared"/> in production, a seeded one in tests.</param>
    public PowerOfTwoChoicesReplicaChooser(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    /// <inheritdoc />
    public int Choose(ReadOnlySpan<ReplicaLoad> candidates)
    {
        switch (candidates.Length)
        {
            case 0:
                return -1;
            case 1:
                return 0;
        }

        var first = _random.Next(candidates.Length);

        // The second draw skips the first, so both are distinct and uniform over the rest.
        var second = _random.Next(candidates.Length - 1);
        if (second >= first)
        {
            second++;
        }

        return Better(candidates[second], candidates[first]) ? second : first;
    }

    // Equally busy, a replica on this silo wins: it answers without a network hop. Without this tie-break a lightly
    // loaded version (a 10 % canary, whose replicas all show no requests in flight) would go remote two times in
    // three while a busy one, whose local replica drains faster and so looks less busy, would mostly stay local: the
    // canary would look slower than the stable version for no fault of its own.
    private static bool Better(ReplicaLoad candidate, ReplicaLoad than) =>
        candidate.Load < than.Load || (candidate.Load == than.Load && candidate.Local && !than.Local);
}
