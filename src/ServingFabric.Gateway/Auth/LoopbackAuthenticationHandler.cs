using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// The scheme when no authentication is configured (the embedded default): a loopback client is the principal
/// <c>loopback</c> with every scope but <see cref="FabricScopes.Faults"/> (rehearsing an outage must never be one
/// unauthenticated request away); anyone else is not authenticated. Never used once keys or JWTs are configured.
/// </summary>
internal sealed class LoopbackAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly Claim[] LoopbackClaims =
    [
        new(FabricPrincipals.CallerClaim, FabricPrincipals.Loopback),
        .. FabricScopes.All.Where(s => s != FabricScopes.Faults).Select(s => new Claim(FabricPrincipals.ScopeClaim, s)),
    ];

    // One principal, and one answer, for every loopback request: they never change, nothing in the gateway adds to a
    // principal or a ticket (no claims transformation, no sign-in), and building them per request (an identity cloning
    // each claim, a ticket, its properties, a task) was about 1.5 KB per request.
    private static readonly ClaimsPrincipal LoopbackPrincipal =
        new(new ClaimsIdentity(LoopbackClaims, FabricAuthSchemes.Loopback, FabricPrincipals.CallerClaim, null));

    private static Task<AuthenticateResult>? _success;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!IsLoopback(Context.Connection.RemoteIpAddress))
        {
            return Task.FromResult(AuthenticateResult.Fail(new FabricAuthenticationException(AuthDenialReasons.NotLoopback,
                $"no authentication is configured, so only loopback clients are served and this request came from {Context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"}; configure ServingFabric:Gateway:Auth:KeysFile (fabric keys create) or ServingFabric:Gateway:Auth:Jwt and send Authorization: Bearer <key or token>")));
        }

        var success = _success;
        if (success is null || success.Result.Ticket!.AuthenticationScheme != Scheme.Name)
        {
            success = Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(LoopbackPrincipal, Scheme.Name)));
            _success = success;
        }

        return success;
    }

    /// <summary>Whether <paramref name="address"/> is a loopback address (IPv4-mapped IPv6 included).</summary>
    internal static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
