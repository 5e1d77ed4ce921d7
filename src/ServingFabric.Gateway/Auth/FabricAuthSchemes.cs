using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// The gateway's authentication schemes. <see cref="Default"/> is a policy scheme that forwards each request to the
/// scheme its credential belongs to, so API keys and JWTs work side by side on every endpoint.
/// </summary>
internal static class FabricAuthSchemes
{
    /// <summary>The default scheme: picks <see cref="ApiKey"/>, <see cref="Jwt"/> or <see cref="Loopback"/> per request.</summary>
    public const string Default = "fabric";

    /// <summary>Keys of the keys file (<c>sf_...</c>) and the legacy admin key.</summary>
    public const string ApiKey = "api-key";

    /// <summary>JWT bearer tokens of the configured OIDC issuer.</summary>
    public const string Jwt = "jwt";

    /// <summary>No authentication configured: loopback callers only.</summary>
    public const string Loopback = "loopback";

    /// <summary>The header that carries an API key when <c>Authorization</c> is taken (by a proxy, say).</summary>
    public const string ApiKeyHeader = "x-api-key";

    private const string BearerPrefix = "Bearer ";

    /// <summary>The credential the request presents: the bearer token, else <c>x-api-key</c>; null when none.</summary>
    public static string? CredentialOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            return BearerToken(authorization);
        }

        var apiKey = request.Headers[ApiKeyHeader];
        return apiKey.Count == 1 && !string.IsNullOrWhiteSpace(apiKey[0]) ? apiKey[0]!.Trim() : null;
    }

    /// <summary>Whether the request presents any credential (a malformed Authorization header counts: it was meant as one).</summary>
    public static bool PresentsCredential(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Headers.ContainsKey(ApiKeyHeader);

    /// <summary>Which scheme authenticates this request.</summary>
    public static string Select(HttpContext context, bool configured, bool jwtConfigured)
    {
        if (!configured)
        {
            return Loopback;
        }

        var credential = CredentialOf(context.Request);
        if (credential is null || credential.StartsWith(ApiKeyHashing.Prefix, StringComparison.Ordinal))
        {
            return ApiKey;
        }

        // A JWT is three base64url parts separated by dots; anything else presented as a bearer is a (legacy) key.
        return jwtConfigured && context.Request.Headers.Authorization.Count > 0 && LooksLikeJwt(credential) ? Jwt : ApiKey;
    }

    private static string? BearerToken(StringValues authorization)
    {
        var header = authorization.Count == 1 ? authorization[0] : null;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header.AsSpan(BearerPrefix.Length).Trim();
        return token.IsEmpty ? null : token.ToString();
    }

    private static bool LooksLikeJwt(string token) => token.AsSpan().Count('.') == 2;
}
