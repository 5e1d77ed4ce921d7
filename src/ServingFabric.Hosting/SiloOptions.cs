namespace ServingFabric.Hosting;

/// <summary>The silo's cluster settings. Bound from <c>ServingFabric:Silo</c> (env <c>ServingFabric__Silo__Zone=a</c>).</summary>
public sealed class ServingFabricSiloOptions
{
    public const string SectionName = "ServingFabric:Silo";

    /// <summary>
    /// Clustering and state provider: <c>Localhost</c> (default: one machine, in-memory state) or <c>AzureTable</c>
    /// (membership and router state in Azure Table Storage; the connection string comes from <c>ServingFabric:Storage</c>).
    /// </summary>
    public string Clustering { get; set; } = ClusteringProviders.Localhost;

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients (the .NET SDK's Orleans transport). Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address other silos reach this one at, written to the membership table (with <c>AzureTable</c>; localhost
    /// clustering always uses loopback). On Kubernetes the pod IP from the downward API, never a Service VIP. Default <c>127.0.0.1</c>.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface rather than only the advertised address (containers). Default false.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>The availability zone, published as silo metadata <c>zone</c> for zone-spread placement. Default <c>default</c>.</summary>
    public string Zone { get; set; } = "default";

    /// <summary>Comma-separated roles, published as silo metadata <c>roles</c>: <c>gateway</c>, <c>inference</c>. Default both.</summary>
    public string Roles { get; set; } = "gateway,inference";

    /// <summary>Orleans cluster id. Default <c>servingfabric</c>.</summary>
    public string ClusterId { get; set; } = "servingfabric";

    /// <summary>Orleans service id (keeps state apart between deployments). Default <c>servingfabric</c>.</summary>
    public string ServiceId { get; set; } = "servingfabric";

    /// <summary>How long a SIGTERM may take: drain delay, requests in flight, then Orleans' own shutdown. Default 60 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Model versions (engine sessions) this silo may hold at once; loading one more answers 503 naming this limit,
    /// and the replica is placed on another silo. 0 means no limit. Default 32.
    /// </summary>
    public int MaxModelSessions { get; set; } = ServingFabric.Runtime.Hosting.ModelHostOptions.DefaultMaxSessions;

    /// <summary>
    /// 0 (default): each ONNX Runtime session with the arena on keeps its own CPU arena. Above 0: those sessions share
    /// one arena of at most this many bytes (at most 4294967295) that grows only by what is requested; a batch that
    /// needs more gets 503. ONNX Runtime bounds arenas per process, not per session, hence a silo setting.
    /// </summary>
    public long OnnxArenaMaxBytes { get; set; }

    /// <summary>
    /// The least number of thread-pool worker threads the silo keeps ready (raised at start when the runtime's minimum,
    /// one per CPU, is lower). On a one-CPU pod the runtime keeps a single worker: then any call that blocks a worker
    /// stalls every request behind it until the pool injects a thread, 0.5-1 s later (seen as a 1 s p99 in the
    /// benchmarks on one core). 0 leaves the runtime's minimum. Default 4.
    /// </summary>
    public int MinWorkerThreads { get; set; } = 4;

    /// <summary>How often the silo reads its CPU and memory for the autoscaler and the silo metrics. Default 5 s.</summary>
    public TimeSpan ResourceSampleInterval { get; set; } = TimeSpan.FromSeconds(5);
}
