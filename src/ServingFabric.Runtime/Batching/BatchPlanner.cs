namespace ServingFabric.Runtime.Batching;

/// <summary>Decides how many queued requests of one group to dispatch now, the way Triton's dynamic batcher does.</summary>
internal static class BatchPlanner
{
    /// <summary>
    /// Returns how many requests, from the head of <paramref name="rows"/> (each request's rows, oldest first), form
    /// the next batch; 0 to keep waiting. Requests are never split and never reordered, so the oldest always goes first.
    /// </summary>
    /// <param name="rows">Rows of each queued request of the group, oldest first.</param>
    /// <param name="maxBatchSize">Largest batch; 0 runs requests one at a time.</param>
    /// <param name="preferred">Preferred batch sizes.</param>
    /// <param name="timeUp">The oldest request has waited the max queue delay, or the batcher is draining.</param>
    public static int Plan(IReadOnlyList<int> rows, int maxBatchSize, IReadOnlyList<int> preferred, bool timeUp)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        if (maxBatchSize <= 0)
        {
            return 1;
        }

        var total = 0;
        var take = 0;
        var preferredTake = 0;
        while (take < rows.Count && total + rows[take] <= maxBatchSize)
        {
            total += rows[take++];
            if (preferred.Contains(total))
            {
                preferredTake = take;
            }
        }

        // Full: nothing more can join, so waiting only adds latency.
        var full = total == maxBatchSize || take < rows.Count;
        if (full || timeUp)
        {
            return take;
        }

        return preferredTake;
    }
}
