using ServingFabric.Contracts.Security.Tls;

namespace ServingFabric.Gateway;

/// <summary>The HTTP gateway. Bound from configuration section <c>ServingFabric:Gateway</c> (env <c>ServingFabric__Gateway__Url</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "ServingFabric:Gateway";

    /// <summary>
    /// Where the gateway listens: one URL or several separated by <c>;</c>, each <c>http</c> or <c>https</c> with an IP
    /// address (or <c>localhost</c>) and a port, for example <c>https://0.0.0.0:8443;http://127.0.0.1:8080</c>.
    /// Default <c>http://127.0.0.1:8080</c> (loopback only). An <c>https</c> listener needs <see cref="Certificate"/>;
    /// a listener on another address than loopback needs authentication configured and, when it is plain HTTP,
    /// <see cref="AllowInsecureHttp"/>.
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Where the gRPC endpoint (KServe V2's <c>inference.GRPCInferenceService</c> with Triton's repository RPCs, and
    /// server reflection) listens, on its own port and HTTP/2 only: one URL or several separated by <c>;</c>, like
    /// <see cref="Url"/>. <c>http</c> is HTTP/2 cleartext (h2c), for loopback; <c>https</c> serves TLS with
    /// <see cref="Certificate"/>. The same authentication, scopes and listener rules as <see cref="Url"/> apply.
    /// Default none (no gRPC listener); the silo executable's embedded default sets <c>http://127.0.0.1:8081</c>.
    /// </summary>
    public string? GrpcUrl { get; set; }

    /// <summary>Largest request body accepted; larger bodies get 413 (over gRPC, a larger message is RESOURCE_EXHAUSTED). Default 64 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The size of the blocks Kestrel receives request bytes into (and writes responses from); 4 KiB to 1 MiB.
    /// Default 32 KiB: a 110 KB tensor body arrives in 4 receive calls instead of Kestrel's 27 with its own 4 KiB
    /// blocks, which took about a quarter of the gateway's CPU per such request. Only connections with data in flight
    /// hold a block.
    /// </summary>
    public int ReceiveBlockBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// How many bytes of returned blocks each of Kestrel's pools (one per I/O queue) keeps for reuse; blocks returned
    /// beyond it are left to the garbage collector. Default 8 MiB.
    /// </summary>
    public long ReceiveBlockRetainedBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// After SIGTERM, how long the silo keeps serving while reporting unready, so load balancers stop sending
    /// before it stops accepting. Default 0 (embedded); 5-10 s behind a Kubernetes Service.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a model version placed on this silo may stay loading before <c>/v2/health/ready</c> counts the silo as
    /// not ready (condition <c>models</c>). A version whose load failed never counts: it is reported by
    /// <c>/v2/models/{name}/ready</c>, the operator view and the event log. Default 2 minutes; raise it for models that
    /// take longer to load and warm.
    /// </summary>
    public TimeSpan ReadinessLoadGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Triton's <c>--strict-readiness</c>: <c>/v2/health/ready</c> also requires every deployed model to have a ready
    /// replica of its default version somewhere in the cluster. Default false, because readiness is what a Kubernetes
    /// Service selects pods by: with it on, one model whose artifact is broken makes every silo unready and takes
    /// every model offline. Turn it on only where one silo serves one model, or a probe must mean "all models serve".
    /// </summary>
    public bool StrictReadiness { get; set; }

    /// <summary>
    /// How often this silo sends each model's <c>probe</c> request (config.json) through the model's front: a synthetic
    /// canary, so availability is measured even without traffic (the router's probe view, and
    /// <c>servingfabric_probe_requests_total</c>). Models without a probe request are not probed. Default 10 s;
    /// 00:00:00 turns probing off on this silo.
    /// </summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a probe may take before it counts as failed. Default 5 s; at most <see cref="ProbeInterval"/>.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The key every mutating request of the management API (<c>POST</c>, <c>PUT</c>, <c>DELETE</c> under <c>/v1</c>,
    /// except feedback) must send as <c>Authorization: Bearer &lt;key&gt;</c>; at least 16 characters. Default none:
    /// then only loopback clients may change anything, and fault injection is refused. Prefer
    /// <see cref="AdminApiKeyFile"/> so the key stays out of environment listings.
    /// </summary>
    public string? AdminApiKey { get; set; }

    /// <summary>
    /// A file holding the admin key (a mounted Kubernetes secret); surrounding whitespace is ignored and the file is
    /// read again when it changes, so a rotated secret takes effect without a restart. Default none. Set this or
    /// <see cref="AdminApiKey"/>, not both.
    /// </summary>
    public string? AdminApiKeyFile { get; set; }

    /// <summary>
    /// Folders on the gateway silo that <c>POST /v1/models/{name}/versions</c> may import artifacts from (absolute
    /// paths; symbolic links are resolved before the check, so a link inside a root that leads out of it is refused).
    /// Default empty: only files inside the model repository itself (an inbox folder such as
    /// <c>&lt;repository&gt;/.inbox</c>); list a mounted upload volume such as <c>/models-inbox</c> to import from it.
    /// </summary>
    public IList<string> ArtifactImportRoots { get; set; } = [];

    /// <summary>
    /// Whether the gateway may start without the protections a reachable listener needs: plain HTTP on an address other
    /// than loopback, or any such listener without authentication (<c>ServingFabric:Gateway:Auth</c> or an admin key).
    /// Set it only behind a proxy that terminates TLS and authenticates, or in a test. Default false.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// The certificate of the <c>https</c> listeners (<c>ServingFabric:Gateway:Certificate:Path</c>, <c>KeyPath</c>,
    /// <c>PasswordFile</c>): PEM or PKCS#12, needing the serverAuth usage, read again when its files change so a renewed
    /// certificate serves new connections without a restart. Default none.
    /// </summary>
    public CertificateFileOptions Certificate { get; set; } = new();

    /// <summary>
    /// The largest artifact <c>POST /v1/models/{name}/versions</c> imports; a larger one is refused (400) and no partial
    /// copy is left. Default 4 GiB.
    /// </summary>
    public long MaxArtifactImportBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// The longest deadline a caller may ask for with <c>x-fabric-timeout-ms</c>; longer ones are cut to this, so no
    /// request holds a queue slot and a replica for longer. Default 60 s.
    /// </summary>
    public TimeSpan MaxRequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The bytes of request bodies and decoded tensors all requests in flight on this silo may hold together. A request
    /// reserves its Content-Length (or, chunked, what it has read so far) before buffering it and its tensors' size
    /// before decoding them; when the budget is taken it waits up to <see cref="RequestMemoryWait"/> and is then refused
    /// with 503 and <c>Retry-After: 1</c> (the silo is out of room for now; the client did nothing wrong). A request
    /// larger than the whole budget runs when no other holds memory. Default 0: a quarter of the memory limit the
    /// process detects (the container's cgroup limit, else the machine's memory).
    /// </summary>
    public long RequestMemoryBudget { get; set; }

    /// <summary>How long a request waits for room in <see cref="RequestMemoryBudget"/> before the 503. Default 1 s.</summary>
    public TimeSpan RequestMemoryWait { get; set; } = TimeSpan.FromSeconds(1);
}
