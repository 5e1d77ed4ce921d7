using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ServingFabric.Perf.Paths;

/// <summary>An HttpClient for load on loopback: no proxy, no decompression, a connection per concurrent request.</summary>
internal static class LoopbackHttp
{
    public static HttpClient Create(Uri baseAddress) => Create(baseAddress, trustedCa: null, bearer: null);

    /// <summary>
    /// As <see cref="Create(Uri)"/>, trusting only <paramref name="trustedCa"/> for https (TLS 1.2/1.3 as negotiated,
    /// connections kept alive so the handshake is paid once per connection) and sending <paramref name="bearer"/>.
    /// </summary>
    public static HttpClient Create(Uri baseAddress, X509Certificate2? trustedCa, string? bearer)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (trustedCa is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IssuedBy(certificate, trustedCa),
            };
        }

        var http = new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            // Above any server-side deadline (30 s by default): a request that hangs longer is the fabric's failure to report.
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }

    private static bool IssuedBy(X509Certificate? presented, X509Certificate2 ca)
    {
        if (presented is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
