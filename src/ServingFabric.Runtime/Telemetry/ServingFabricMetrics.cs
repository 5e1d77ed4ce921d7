using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServingFabric.Inference;
using ServingFabric.Runtime.Caching;
using ServingFabric.Telemetry;

namespace ServingFabric.Runtime.Telemetry;

/// <summary>
/// The fabric's own instruments (meter <see cref="MeterName"/>), labelled by model and version. They depend only on
/// System.Diagnostics.Metrics; the host decides how they are exported (Prometheus at /metrics by default).
/// </summary>
public sealed partial class ServingFabricMetrics
{
    /// <summary>The meter every ServingFabric instrument belongs to.</summary>
    public const string MeterName = "ServingFabric";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _latency;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _cacheRequests;

    /// <param name="meterFactory">Creates the <see cref="MeterName"/> meter.</param>
    /// <param name="responseCache">The silo's response cache, observed by the cache gauges; null reports none.</param>
    /// <param name="resources">The silo's CPU and memory readings, observed by the silo gauges; null reports none.</param>
    public ServingFabricMetrics(IMeterFactory meterFactory, ResponseCache? responseCache = null, SiloResourceMonitor? resources = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = FabricMeters.Create(meterFactory, MeterName);
        _requests = meter.CreateCounter<long>("servingfabric.inference.requests", "{request}", "Inference requests by model, version and outcome.");
        _latency = meter.CreateHistogram<double>(
            "servingfabric.inference.duration", "s", "Time from the front receiving a request to its answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _batchSize = meter.CreateHistogram<int>(
            "servingfabric.batch.size", "{row}", "Rows per batch the engine ran.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _queueWait = meter.CreateHistogram<double>(
            "servingfabric.batch.queue_wait", "s", "Time the oldest request of a batch waited in the queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1] });
        meter.CreateObservableGauge(ServingFabricMetricNames.BatchQueueDepth, ObserveQueueDepth, "{row}", "Rows waiting in each model version's batcher on this silo.");
        _cacheRequests = meter.CreateCounter<long>(
            "servingfabric.cache.requests", "{request}", "Response cache lookups of deterministic models by model, version and result (hit or miss).");
        if (responseCache is not null)
        {
            meter.CreateObservableGauge("servingfabric.cache.entries", () => responseCache.Count, "{entry}", "Entries in this silo's response cache.");
            meter.CreateObservableGauge("servingfabric.cache.size", () => responseCache.Bytes, "By", "Bytes counted by this silo's response cache.");
        }

        (_admitted, _queued, _refused) = CreateAdmissionInstruments(meter);
        CreateLoadInstruments(meter, resources);
    }

    /// <summary>Supplies the queue depth per model version; set by the silo's model host.</summary>
    public Func<IEnumerable<(string Model, string Version, int Rows)>>? QueueDepthSource { get; set; }

    /// <summary>
    /// The one <c>model</c> label of requests for models the catalog does not know: labels carry only known names, so
    /// requests for made-up names add no series.
    /// </summary>
    public const string UnknownModel = "(unknown)";

    public void RecordRequest(string model, string? version, InferenceErrorKind? error, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "model", model },
            { "version", version ?? "" },
            { "outcome", error is { } kind ? InferenceOutcomes.Of(kind) : InferenceOutcomes.Success },
        };
        _requests.Add(1, tags);
        _latency.Record(elapsed.TotalSeconds, tags);
    }

    public void RecordCacheLookup(string model, string version, bool hit) =>
        _cacheRequests.Add(1, new TagList { { "model", model }, { "version", version }, { "result", hit ? "hit" : "miss" } });

    public void RecordBatch(string model, string version, int rows, TimeSpan queueWait)
    {
        var tags = new TagList { { "model", model }, { "version", version } };
        _batchSize.Record(rows, tags);
        _queueWait.Record(queueWait.TotalSeconds, tags);
    }

    private IEnumerable<Measurement<int>> ObserveQueueDepth()
    {
        if (QueueDepthSource is not { } source)
        {
            yield break;
        }

        foreach (var (model, version, rows) in source())
        {
            yield return new Measurement<int>(rows, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("version", version));
        }
    }
}
