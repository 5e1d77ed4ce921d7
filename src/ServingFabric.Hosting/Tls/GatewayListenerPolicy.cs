using ServingFabric.Gateway;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Transport;

namespace ServingFabric.Hosting.Tls;

/// <summary>
/// Which listeners the gateway may open. Loopback listeners always start (the embedded default needs no settings). A
/// listener other machines can reach must be HTTPS and needs authentication configured, unless
/// <c>ServingFabric:Gateway:AllowInsecureHttp=true</c> says TLS and authentication happen in front of the gateway.
/// </summary>
internal static class GatewayListenerPolicy
{
    public static List<string> Failures(GatewayOptions gateway, GatewayAuthOptions auth, IReadOnlyList<GatewayListener> listeners)
    {
        var failures = new List<string>();
        if (gateway.AllowInsecureHttp)
        {
            return failures;
        }

        foreach (var listener in listeners.Where(l => !l.IsLoopback))
        {
            if (!listener.IsHttps)
            {
                failures.Add(
                    $"{listener.Setting} '{listener.Url}' serves plain HTTP on an address other machines can reach; use https " +
                    "(https://0.0.0.0:8443 with ServingFabric:Gateway:Certificate:Path and KeyPath), or set ServingFabric:Gateway:AllowInsecureHttp=true " +
                    "when a proxy in front terminates TLS.");
            }

            if (!IsAuthenticationConfigured(gateway, auth))
            {
                failures.Add(
                    $"{listener.Setting} '{listener.Url}' is reachable from other machines but no authentication is configured; set " +
                    "ServingFabric:Gateway:Auth:KeysFile (API keys) or ServingFabric:Gateway:Auth:Jwt:Issuer and Audience, or set " +
                    "ServingFabric:Gateway:AllowInsecureHttp=true when a proxy in front authenticates callers.");
            }
        }

        return failures;
    }

    public static bool IsInsecure(GatewayOptions gateway, GatewayAuthOptions auth, GatewayListener listener) =>
        !listener.IsLoopback && (!listener.IsHttps || !IsAuthenticationConfigured(gateway, auth));

    private static bool IsAuthenticationConfigured(GatewayOptions gateway, GatewayAuthOptions auth) =>
        auth.IsConfigured || !string.IsNullOrWhiteSpace(gateway.AdminApiKey) || !string.IsNullOrWhiteSpace(gateway.AdminApiKeyFile);
}
