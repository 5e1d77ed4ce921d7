using System.Net;

namespace ServingFabric.Gateway.Transport;

/// <summary>
/// One address the gateway listens on, parsed from <c>ServingFabric:Gateway:Url</c> (several separated by <c>;</c>):
/// <c>http://127.0.0.1:8080</c>, <c>https://0.0.0.0:8443</c>, <c>https://localhost:8443</c>, <c>http://[::1]:8080</c>.
/// </summary>
/// <param name="Url">The URL as configured.</param>
/// <param name="IsHttps">Whether the listener serves TLS with the gateway's certificate.</param>
/// <param name="Address">The IP address to bind; null for <c>localhost</c> (both loopback addresses).</param>
/// <param name="Port">The port; 0 takes a free one (not with <c>localhost</c>).</param>
public sealed record GatewayListener(string Url, bool IsHttps, IPAddress? Address, int Port)
{
    /// <summary>Whether only this machine can connect (a loopback address or <c>localhost</c>).</summary>
    public bool IsLoopback => Address is null || IPAddress.IsLoopback(Address);

    /// <summary>Whether this is a gRPC listener (<c>ServingFabric:Gateway:GrpcUrl</c>): HTTP/2 only.</summary>
    public bool IsGrpc { get; init; }

    /// <summary>The setting this listener comes from, for messages.</summary>
    public string Setting => IsGrpc ? GrpcSetting : UrlSetting;

    private const string UrlSetting = "ServingFabric:Gateway:Url";
    private const string GrpcSetting = "ServingFabric:Gateway:GrpcUrl";

    /// <summary>The REST listeners (<c>Url</c>) and then the gRPC ones (<c>GrpcUrl</c>, none when it is not set).</summary>
    public static IReadOnlyList<GatewayListener> ParseAll(string? urls, string? grpcUrls, List<string> failures)
    {
        var listeners = new List<GatewayListener>(ParseAll(urls, failures));
        if (!string.IsNullOrWhiteSpace(grpcUrls))
        {
            listeners.AddRange(Parse(grpcUrls, GrpcSetting, "8081", failures).Select(l => l with { IsGrpc = true }));
        }

        return listeners;
    }

    /// <summary>Splits and parses the configured URLs; what cannot be parsed is added to <paramref name="failures"/>.</summary>
    public static IReadOnlyList<GatewayListener> ParseAll(string? urls, List<string> failures) => Parse(urls, UrlSetting, "8080", failures);

    private static List<GatewayListener> Parse(string? urls, string setting, string port, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var listeners = new List<GatewayListener>();
        var parts = (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            failures.Add($"{setting} is empty; set it like http://127.0.0.1:{port} (several separated by ';').");
        }

        foreach (var url in parts)
        {
            if (Parse(url, out var error) is { } listener)
            {
                listeners.Add(listener);
            }
            else
            {
                failures.Add(error!.Replace(UrlSetting, setting, StringComparison.Ordinal).Replace("8080", port, StringComparison.Ordinal));
            }
        }

        return listeners;
    }

    private static GatewayListener? Parse(string url, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"ServingFabric:Gateway:Url '{url}' is not an absolute http(s) URL; set it like http://127.0.0.1:8080 or https://0.0.0.0:8443 (several separated by ';').";
            return null;
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            error = $"ServingFabric:Gateway:Url '{url}' has a path; a listener is scheme, address and port only, like https://0.0.0.0:8443.";
            return null;
        }

        var isHttps = uri.Scheme == Uri.UriSchemeHttps;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            if (uri.Port == 0)
            {
                error = $"ServingFabric:Gateway:Url '{url}' asks for a free port on localhost, which Kestrel cannot bind on both loopback addresses; use 127.0.0.1:0.";
                return null;
            }

            return new GatewayListener(url, isHttps, null, uri.Port);
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            error = $"ServingFabric:Gateway:Url '{url}' names host '{uri.Host}'; a listener binds an IP address: use 0.0.0.0 (every interface), 127.0.0.1 or localhost.";
            return null;
        }

        return new GatewayListener(url, isHttps, address, uri.Port);
    }
}
