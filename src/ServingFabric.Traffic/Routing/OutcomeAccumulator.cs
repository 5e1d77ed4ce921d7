using ServingFabric.Releases;
using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Routing;

/// <summary>
/// What a front saw of one version since its last flush: requests, errors, slow requests, the Welford mean and M2 of
/// log-latency in ms and of feedback rewards, and a latency histogram over <see cref="LatencyBuckets"/>. Adding is
/// O(1) and allocation-free; <see cref="Merge"/> combines two reports exactly. Not thread-safe: its owner locks.
/// </summary>
public sealed class OutcomeAccumulator
{
    /// <summary>Latencies below this (1 µs) are recorded as this, so the log stays finite.</summary>
    public const double MinLatencyMs = 0.001;

    private readonly long[] _histogram = new long[LatencyBuckets.Count];
    private readonly MeanAccumulator _logLatency = new();
    private readonly MeanAccumulator _reward = new();

    /// <summary>Requests recorded, whatever their outcome.</summary>
    public long Requests { get; private set; }

    /// <summary>Requests that failed on the server's side.</summary>
    public long Errors { get; private set; }

    /// <summary>Requests slower than the slow threshold they were recorded with.</summary>
    public long SlowRequests { get; private set; }

    /// <summary>Requests recorded for the availability SLI that count (not the caller's mistake, not abandoned).</summary>
    public long Valid { get; private set; }

    /// <summary>Valid requests answered (not failed, not refused) within the latency objective they were recorded with.</summary>
    public long Good { get; private set; }

    /// <summary>Rewards recorded.</summary>
    public long Rewards => _reward.Count;

    /// <summary>Nothing recorded since the last <see cref="Reset"/>.</summary>
    public bool IsEmpty => Requests == 0 && _reward.Count == 0;

    /// <summary>
    /// Records one request; slow when <paramref name="slowThreshold"/> is set and the latency exceeds it. With a
    /// <paramref name="latencyObjective"/> it also counts for the availability SLI: valid when it has a latency (not the
    /// caller's mistake, not abandoned), good when it was answered (not failed, not refused with 429) within the objective.
    /// </summary>
    public void Add(RequestOutcome outcome, TimeSpan latency, TimeSpan? slowThreshold, TimeSpan? latencyObjective = null)
    {
        Requests++;
        if (!RequestOutcomes.HasLatency(outcome))
        {
            return;
        }

        if (latencyObjective is { } objective)
        {
            Valid++;
            if (outcome == RequestOutcome.Answered && latency <= objective)
            {
                Good++;
            }
        }

        if (outcome == RequestOutcome.ServerError)
        {
            Errors++;
        }

        if (latency > slowThreshold)
        {
            SlowRequests++;
        }

        var milliseconds = latency.TotalMilliseconds;
        _logLatency.Add(Math.Log(Math.Max(milliseconds, MinLatencyMs)));
        _histogram[LatencyBuckets.IndexOf(milliseconds)]++;
    }

    /// <summary>Records a feedback reward for a request this version served.</summary>
    public void AddReward(double reward) => _reward.Add(reward);

    /// <summary>The report of what was recorded, as <paramref name="version"/>'s.</summary>
    public VersionOutcomes ToOutcomes(string version) => new(
        version, Requests, Errors, SlowRequests, _logLatency.Count, _logLatency.Mean, _logLatency.M2,
        _reward.Count, _reward.Mean, _reward.M2, [.. _histogram], Valid, Good);

    /// <summary>Forgets everything, keeping its buffers.</summary>
    public void Reset()
    {
        Requests = Errors = SlowRequests = Valid = Good = 0;
        (_logLatency.Count, _logLatency.Mean, _logLatency.M2) = (0, 0, 0);
        (_reward.Count, _reward.Mean, _reward.M2) = (0, 0, 0);
        Array.Clear(_histogram);
    }

    /// <summary>Both reports as one, as if every request of both had been recorded in one accumulator (Chan et al.).</summary>
    public static VersionOutcomes Merge(VersionOutcomes first, VersionOutcomes second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Version != second.Version)
        {
            throw new ArgumentException($"Cannot merge outcomes of version '{second.Version}' into those of '{first.Version}'.", nameof(second));
        }

        var latency = MergeMeans(first.LatencyCount, first.LogLatencyMean, first.LogLatencyM2, second.LatencyCount, second.LogLatencyMean, second.LogLatencyM2);
        var reward = MergeMeans(first.RewardCount, first.RewardMean, first.RewardM2, second.RewardCount, second.RewardMean, second.RewardM2);
        var histogram = new long[Math.Max(first.LatencyHistogram.Count, second.LatencyHistogram.Count)];
        for (var i = 0; i < histogram.Length; i++)
        {
            histogram[i] = (i < first.LatencyHistogram.Count ? first.LatencyHistogram[i] : 0) + (i < second.LatencyHistogram.Count ? second.LatencyHistogram[i] : 0);
        }

        return new VersionOutcomes(first.Version, first.Requests + second.Requests, first.Errors + second.Errors,
            first.SlowRequests + second.SlowRequests, latency.Count, latency.Mean, latency.M2, reward.Count, reward.Mean, reward.M2, histogram,
            first.Valid + second.Valid, first.Good + second.Good);
    }

    private static MeanAccumulator MergeMeans(long count, double mean, double m2, long otherCount, double otherMean, double otherM2)
    {
        var merged = new MeanAccumulator { Count = count, Mean = mean, M2 = m2 };
        merged.Merge(new MeanAccumulator { Count = otherCount, Mean = otherMean, M2 = otherM2 });
        return merged;
    }
}
