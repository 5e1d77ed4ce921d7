namespace ServingFabric.Perf.Fabric;

/// <summary>The model names the benchmark repository serves, and why each exists.</summary>
internal static class PerfModels
{
    /// <summary>The generated iris MLP without dynamic batching: a request runs as soon as it arrives, so the fabric's own overhead shows.</summary>
    public const string Iris = "iris";

    /// <summary>The iris MLP with the batching the quick-start sample ships (no queue delay): what a lone request pays for the batcher itself.</summary>
    public const string IrisBatching = "iris-batching";

    /// <summary>The iris MLP with a 1000 µs batch delay (preferred 8/16/32): what the delay costs a lone request.</summary>
    public const string IrisDelay = "iris-delay";

    /// <summary>PaddleOCR's orientation classifier with dynamic batching (max 16, preferred 8/16, 1000 µs, one batch at once per server core).</summary>
    public const string Ocr = "ocr-cls";

    /// <summary>The same classifier with batching off: each request runs alone, behind the default 1024-row queue.</summary>
    public const string OcrNoBatch = "ocr-cls-nobatch";

    /// <summary>The batched classifier behind a short queue (128 rows), so overload is refused with 429 instead of queueing.</summary>
    public const string OcrBounded = "ocr-cls-bounded";

    public const string Version = "1";

    /// <summary>
    /// The classifier's largest batch: its best batch size on the reference CPU (rows/s fall beyond 16 as the
    /// activations leave the cache: 909 rows/s at 16, 822 at 32, 538 at 64 in the first runs).
    /// </summary>
    public const int OcrMaxBatch = 16;

    public const int BoundedQueueRows = 128;

    public const int BatchDelayMicroseconds = 1000;
}
