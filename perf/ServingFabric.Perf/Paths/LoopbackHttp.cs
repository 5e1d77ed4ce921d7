namespace ServingFabric.Perf.Paths;

/// <summary>An HttpClient for load on loopback: no proxy, no decompression, a connection per concurrent request.</summary>
internal static class LoopbackHttp
{
    public static HttpClient Create(Uri baseAddress) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        BaseAddress = baseAddress,
        // Above any server-side deadline (30 s by default): a request that hangs longer is the fabric's failure to report.
        Timeout = TimeSpan.FromSeconds(60),
    };
}
