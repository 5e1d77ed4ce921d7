using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ServingFabric.Gateway.Auth;

/// <summary>Says once at start how callers are authenticated, and how to configure it when nothing is.</summary>
internal sealed partial class AuthenticationStartupLog(
    IOptions<GatewayAuthOptions> auth, IOptions<GatewayOptions> gateway, ApiKeyStore keys, ILogger<AuthenticationStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!FabricAuthentication.IsConfigured(auth.Value, gateway.Value))
        {
            LogNoAuthentication(logger);
        }
        else
        {
            LogConfigured(logger, keys.IsConfigured, auth.Value.Jwt.IsConfigured, FabricAuthentication.HasAdminKey(gateway.Value));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "No authentication is configured: only loopback callers are served (every scope but faults). To serve other callers, set ServingFabric:Gateway:Auth:KeysFile (keys from 'fabric keys create') or ServingFabric:Gateway:Auth:Jwt (Issuer, Audience, MetadataAddress or JwksFile)")]
    private static partial void LogNoAuthentication(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway authentication: API keys file {Keys}, JWT {Jwt}, legacy admin key {Admin}; every endpoint but health needs a credential")]
    private static partial void LogConfigured(ILogger logger, bool keys, bool jwt, bool admin);
}
