using System.Diagnostics;

namespace ServingFabric.Telemetry;

/// <summary>
/// The fabric's activity sources, one per layer of the request path, and the span attributes they set. A request's
/// trace reads gateway (body parsed, answer written) → front (version chosen, cache, admission, replica attempts and
/// retries) → replica (on the silo that holds it) → batcher (queue wait, batch size) → engine (the batch's run), joined
/// across silos by Orleans activity propagation. Nothing is recorded unless a tracer listens (see the host's
/// <c>ServingFabric:Tracing</c> settings), and spans are only started when one does.
/// </summary>
public static class FabricTracing
{
    public const string GatewaySourceName = "ServingFabric.Gateway";
    public const string FrontSourceName = "ServingFabric.Front";
    public const string ReplicaSourceName = "ServingFabric.Replica";
    public const string BatcherSourceName = "ServingFabric.Batcher";
    public const string EngineSourceName = "ServingFabric.Engine";

    private static readonly string? Version = typeof(FabricTracing).Assembly.GetName().Version?.ToString();

    public static ActivitySource Gateway { get; } = new(GatewaySourceName, Version);

    public static ActivitySource Front { get; } = new(FrontSourceName, Version);

    public static ActivitySource Replica { get; } = new(ReplicaSourceName, Version);

    public static ActivitySource Batcher { get; } = new(BatcherSourceName, Version);

    public static ActivitySource Engine { get; } = new(EngineSourceName, Version);

    /// <summary>Every source above, for a tracer provider's <c>AddSource</c>.</summary>
    public static IReadOnlyList<string> SourceNames { get; } =
        [GatewaySourceName, FrontSourceName, ReplicaSourceName, BatcherSourceName, EngineSourceName];

    /// <summary>Marks <paramref name="span"/> failed with the fabric's outcome name (invalid_input, unavailable, ...).</summary>
    public static void Fail(Activity? span, string outcome, string? message = null)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(Tags.Outcome, outcome);
        span.SetStatus(ActivityStatusCode.Error, message is null ? outcome : $"{outcome}: {message}");
    }

    /// <summary>Span attribute names (OpenTelemetry style: lower case, dotted, the fabric's own namespace).</summary>
    public static class Tags
    {
        public const string Model = "servingfabric.model";
        public const string Version = "servingfabric.version";
        public const string RequestedVersion = "servingfabric.version.requested";
        public const string RequestId = "servingfabric.request_id";
        public const string Outcome = "servingfabric.outcome";
        public const string Replica = "servingfabric.replica";
        public const string Silo = "servingfabric.silo";
        public const string Attempt = "servingfabric.attempt";
        public const string Retries = "servingfabric.retries";
        public const string CacheHit = "servingfabric.cache_hit";
        public const string TrafficArm = "servingfabric.traffic.arm";
        public const string AdmissionWaited = "servingfabric.admission.waited";
        public const string BatchRows = "servingfabric.batch.rows";
        public const string BatchRequests = "servingfabric.batch.requests";
        public const string RequestRows = "servingfabric.request.rows";
        public const string QueueWaitMs = "servingfabric.queue_wait_ms";
        public const string Inline = "servingfabric.batch.inline";
        public const string BodyBytes = "servingfabric.body_bytes";
    }
}
