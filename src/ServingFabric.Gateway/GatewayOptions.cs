namespace ServingFabric.Gateway;

/// <summary>The HTTP gateway. Bound from configuration section <c>ServingFabric:Gateway</c> (env <c>ServingFabric__Gateway__Url</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "ServingFabric:Gateway";

    /// <summary>Where the gateway listens. Default <c>http://127.0.0.1:8080</c> (loopback only; set <c>http://0.0.0.0:8080</c> in a pod).</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Largest request body accepted; larger bodies get 413. Default 64 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// After SIGTERM, how long the silo keeps serving while reporting unready, so load balancers stop sending
    /// before it stops accepting. Default 0 (embedded); 5-10 s behind a Kubernetes Service.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}
