using ServingFabric.Contracts.Security.Tls;

namespace ServingFabric.Client;

/// <summary>Settings of the ServingFabric client, bound by <see cref="ServingFabricClientServiceCollectionExtensions.AddServingFabricClient"/>.</summary>
public sealed partial class ServingFabricClientOptions
{
    /// <summary>The transport. Default: <see cref="ServingFabricTransport.Http"/>.</summary>
    public ServingFabricTransport Transport { get; set; } = ServingFabricTransport.Http;

    /// <summary>
    /// The gateway's address, for example <c>http://serving-fabric:8080/</c>; a path prefix is kept. For
    /// <see cref="ServingFabricTransport.Grpc"/>, its gRPC listener, for example <c>http://serving-fabric:8081/</c>.
    /// Required for Http and Grpc, ignored for Orleans. Default: null.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// More gateways of the same cluster, for example one per zone. Calls rotate over <see cref="BaseAddress"/> and
    /// these; an inference or metadata call that cannot connect, or is answered 502/503 (draining, not ready), is sent
    /// again to the next gateway, at most once per gateway and always within the call's deadline (inference is
    /// idempotent: a retried request computes the same answer). Default: empty.
    /// </summary>
    public IList<Uri> BaseAddresses { get; set; } = [];

    /// <summary>
    /// How long a gateway that failed (refused the connection, or answered 502/503) is tried last, so a dead gateway
    /// costs one failed attempt per period rather than one per call. Zero turns this off. Default: 5 seconds.
    /// </summary>
    public TimeSpan GatewayFailureCooldown { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one gateway has to answer before the call moves to the next gateway, when another remains and the
    /// deadline allows: a gateway that accepted the connection but does not answer (a frozen process, a node cut off
    /// from the network) would otherwise hold the call until its deadline. The gateway that timed out is tried last for
    /// <see cref="GatewayFailureCooldown"/>. The last gateway always gets the rest of the deadline. Raise it above the
    /// slowest model's answer time (a slow answer is sent again to the next gateway, which is safe but wasteful);
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off. Default: 5 seconds.
    /// </summary>
    public TimeSpan GatewayAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether HTTP requests send inputs and ask for outputs as binary tensor data (Triton's binary extension)
    /// rather than JSON numbers, and gRPC requests send raw contents rather than typed ones: smaller messages and
    /// exact floats. Default: true.
    /// </summary>
    public bool UseBinaryTensors { get; set; } = true;

    /// <summary>
    /// How long a call may take when the request carries no deadline of its own; it becomes the request's
    /// deadline, so the server drops work nobody waits for. Default: 30 seconds.
    /// </summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Mutual TLS to the silos' Orleans gateways, for the <see cref="ServingFabricTransport.Orleans"/> transport: this
    /// client's certificate (<c>Certificate:Path</c>, <c>KeyPath</c>, <c>PasswordFile</c>; it needs the clientAuth usage)
    /// and the CA bundle (<c>CaFile</c>) or SHA-256 pins (<c>PinnedSha256</c>) the silos' certificates must match. Takes
    /// effect when the Orleans client is built with <c>UseServingFabricTls()</c>. Default: no certificate (plain TCP).
    /// </summary>
    public MutualTlsOptions OrleansTls { get; set; } = new();
}
