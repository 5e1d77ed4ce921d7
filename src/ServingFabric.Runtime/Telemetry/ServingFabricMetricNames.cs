namespace ServingFabric.Runtime.Telemetry;

/// <summary>
/// Names of the instruments that autoscalers read, as instruments (<see cref="ServingFabricMetrics.MeterName"/>) and as
/// the Prometheus exporter writes them at <c>/metrics</c> (dots become underscores, a counter gains <c>_total</c>, a
/// unit of <c>By</c> or <c>s</c> adds <c>_bytes</c> or <c>_seconds</c>, <c>1</c> and <c>{request}</c> add nothing). Kubernetes manifests (Prometheus Adapter rules, KEDA queries) use the
/// Prometheus names; tests check both that /metrics carries them and that the manifests name only these.
/// </summary>
public static class ServingFabricMetricNames
{
    /// <summary>Requests being served per model version on this silo (in the batcher or running). Gauge.</summary>
    public const string ReplicaInFlight = "servingfabric.replica.in_flight";

    /// <summary>Rows waiting per model version in this silo's batcher. Gauge.</summary>
    public const string BatchQueueDepth = "servingfabric.batch.queue_depth";

    /// <summary>Requests waiting in this silo's admission queue per model version. Gauge.</summary>
    public const string AdmissionWaiting = "servingfabric.admission.waiting";

    /// <summary>Requests holding an admission slot per model version on this silo. Gauge.</summary>
    public const string AdmissionInService = "servingfabric.admission.in_service";

    /// <summary>Requests admitted (label <c>waited</c>: true when they queued first). Counter.</summary>
    public const string AdmissionAdmitted = "servingfabric.admission.admitted";

    /// <summary>Requests that had to wait for a slot. Counter.</summary>
    public const string AdmissionQueued = "servingfabric.admission.queued";

    /// <summary>Requests refused with 429 (label <c>reason</c>: queue_full, queue_timeout, deadline). Counter.</summary>
    public const string AdmissionRefused = "servingfabric.admission.refused";

    /// <summary>Process CPU over the cores the silo may use, 0 to 1. Gauge.</summary>
    public const string SiloCpuUtilization = "servingfabric.silo.cpu.utilization";

    /// <summary>Working set over the silo's memory limit, 0 to 1. Gauge.</summary>
    public const string SiloMemoryUtilization = "servingfabric.silo.memory.utilization";

    /// <summary>The names at <c>/metrics</c>.</summary>
    public static class Prometheus
    {
        public const string ReplicaInFlight = "servingfabric_replica_in_flight";
        public const string BatchQueueDepth = "servingfabric_batch_queue_depth";
        public const string AdmissionWaiting = "servingfabric_admission_waiting";
        public const string AdmissionInService = "servingfabric_admission_in_service";
        public const string AdmissionAdmitted = "servingfabric_admission_admitted_total";
        public const string AdmissionQueued = "servingfabric_admission_queued_total";
        public const string AdmissionRefused = "servingfabric_admission_refused_total";
        public const string SiloCpuUtilization = "servingfabric_silo_cpu_utilization";
        public const string SiloMemoryUtilization = "servingfabric_silo_memory_utilization";

        /// <summary>Every name above.</summary>
        public static IReadOnlyList<string> All { get; } =
        [
            ReplicaInFlight, BatchQueueDepth, AdmissionWaiting, AdmissionInService, AdmissionAdmitted, AdmissionQueued,
            AdmissionRefused, SiloCpuUtilization, SiloMemoryUtilization,
        ];
    }
}
