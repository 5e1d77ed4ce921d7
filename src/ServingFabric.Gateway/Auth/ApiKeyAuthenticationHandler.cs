using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer sf_...</c> or <c>x-api-key: sf_...</c> against the keys file (a dictionary
/// lookup and one SHA-256), refusing revoked and expired keys; and the legacy admin key
/// (<see cref="GatewayOptions.AdminApiKey"/>), as the principal <c>key:admin</c> with every scope.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    AdminApiKeyProvider adminKey,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string LegacyAdminName = "admin";

    private static readonly Claim[] AdminClaims =
        [new(FabricPrincipals.CallerClaim, $"key:{LegacyAdminName}"), .. FabricScopes.All.Select(s => new Claim(FabricPrincipals.ScopeClaim, s))];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate());

    private AuthenticateResult Authenticate()
    {
        var credential = FabricAuthSchemes.CredentialOf(Request);
        if (credential is null)
        {
            return FabricAuthSchemes.PresentsCredential(Request)
                ? Fail(AuthDenialReasons.InvalidKey, "the Authorization header is not 'Bearer <key>'; send Authorization: Bearer sf_... or x-api-key: sf_...")
                : AuthenticateResult.NoResult();
        }

        if (ApiKeyHashing.TryParse(credential, out var id, out var secret))
        {
            return AuthenticateKey(id, secret);
        }

        if (adminKey.IsConfigured && adminKey.Matches(credential))
        {
            return Success(AdminClaims);
        }

        return Fail(AuthDenialReasons.InvalidKey,
            "the key presented is not valid: send a key of the form sf_<id>_<secret> from 'fabric keys create' (or the admin key, ServingFabric:Gateway:AdminApiKey)");
    }

    private AuthenticateResult AuthenticateKey(string id, string secret)
    {
        if (!keys.TryFind(id, out var record, out var claims) || !ApiKeyHashing.Verify(record, secret))
        {
            return Fail(AuthDenialReasons.InvalidKey, $"API key {id} is not valid: it is not in the keys file or its secret is wrong; ask for a key with 'fabric keys create'", id);
        }

        if (record.RevokedAt is { } revokedAt)
        {
            return Fail(AuthDenialReasons.RevokedKey, $"API key {id} ({record.Name}) was revoked at {revokedAt:O}; ask for a new key", record.Name);
        }

        if (record.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            return Fail(AuthDenialReasons.ExpiredKey, $"API key {id} ({record.Name}) expired at {expiresAt:O}; ask for a new key", record.Name);
        }

        return Success(claims);
    }

    private AuthenticateResult Success(Claim[] claims)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, FabricAuthSchemes.ApiKey, FabricPrincipals.CallerClaim, null));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private static AuthenticateResult Fail(string reason, string message, string? who = null) =>
        AuthenticateResult.Fail(new FabricAuthenticationException(reason, message, who));
}
