using ServingFabric.Models;

namespace ServingFabric.Runtime.Batching;

/// <summary>How a <see cref="DynamicBatcher"/> merges requests of one model version.</summary>
public sealed record DynamicBatcherOptions
{
    /// <summary>The default bound on waiting rows, as Triton's examples use.</summary>
    public const int DefaultMaxQueueSize = 1024;

    /// <summary>Largest merged batch (rows along the first dimension). 0, the default, runs each request on its own.</summary>
    public int MaxBatchSize { get; init; }

    /// <summary>How long the oldest queued request may wait for others to join its batch. Default zero: dispatch at once.</summary>
    public TimeSpan MaxQueueDelay { get; init; }

    /// <summary>Batch sizes dispatched as soon as they can be formed, before the delay ends. Default none.</summary>
    public IReadOnlyList<int> PreferredBatchSizes { get; init; } = [];

    /// <summary>Rows that may wait before new requests are refused with 429; 0 means unbounded. Default 1024.</summary>
    public int MaxQueueSize { get; init; } = DefaultMaxQueueSize;

    /// <summary>
    /// Batches run at once, each on its own thread over the shared session (Triton's instance count). Default 1.
    /// On a CPU, two with one engine thread each keep two cores busy while a third batch forms.
    /// </summary>
    public int Instances { get; init; } = 1;

    /// <summary>
    /// Whether a request that finds the queue empty, an instance idle and no delay to wait runs on the caller's thread
    /// instead of being handed to a batch thread and back: two thread switches fewer, which is most of what a small
    /// model's request costs. Only while lone requests have been running in under <see cref="InlineRunLimit"/>, so a
    /// slow model never holds its caller's thread, and, for a model that batches (<see cref="MaxBatchSize"/> over 1),
    /// only after the batcher was idle for one lone run since the last batch ended, so requests arriving back to back
    /// (a backlog) still form batches. Default false; on for every model the silo loads.
    /// </summary>
    public bool RunLoneRequestsInline { get; init; }

    /// <summary>The longest recent lone run (smoothed) for which <see cref="RunLoneRequestsInline"/> applies. Default 1 ms.</summary>
    public TimeSpan InlineRunLimit { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Options for a model's config: merging only when <see cref="ModelConfig.DynamicBatching"/> is set and the
    /// model batches (Triton's rule); otherwise each request runs alone, still behind a bounded queue.
    /// </summary>
    public static DynamicBatcherOptions FromConfig(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var spec = config.DynamicBatching;
        if (spec is null || config.MaxBatchSize <= 0)
        {
            return new DynamicBatcherOptions { MaxQueueSize = spec?.MaxQueueSize ?? DefaultMaxQueueSize, Instances = config.InstanceCount, RunLoneRequestsInline = true };
        }

        return new DynamicBatcherOptions
        {
            MaxBatchSize = config.MaxBatchSize,
            MaxQueueDelay = TimeSpan.FromMicroseconds(Math.Max(0, spec.MaxQueueDelayMicroseconds)),
            PreferredBatchSizes = spec.PreferredBatchSizes?.Where(s => s > 0 && s <= config.MaxBatchSize).Order().ToArray() ?? [],
            MaxQueueSize = spec.MaxQueueSize,
            Instances = config.InstanceCount,
            RunLoneRequestsInline = true,
        };
    }
}
