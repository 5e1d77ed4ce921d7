using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Sets up the <see cref="FabricAuthSchemes.Jwt"/> scheme from <see cref="GatewayAuthOptions.Jwt"/>: issuer, audience,
/// lifetime and signature validated, keys from a local JWKS file or the issuer's OIDC metadata (HTTPS); the validated
/// token becomes a principal of the fabric's shape (<c>sf:caller = jwt:&lt;sub&gt;</c>, scopes from <c>scp</c>,
/// <c>scope</c> and <c>roles</c>). Validated tokens are remembered for up to a minute (<see cref="CachingJsonWebTokenHandler"/>).
/// </summary>
internal sealed class ConfigureJwtBearer(IOptions<GatewayAuthOptions> auth, JwksFileKeys jwksFile, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == FabricAuthSchemes.Jwt)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var jwt = auth.Value.Jwt;
        // A client sends the same token on every request: the signature is checked once a minute, not every time.
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new CachingJsonWebTokenHandler(time) { MapInboundClaims = false });
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = true;
        if (!string.IsNullOrWhiteSpace(jwt.MetadataAddress))
        {
            options.MetadataAddress = jwt.MetadataAddress;
        }

        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        };
        if (!string.IsNullOrWhiteSpace(jwt.JwksFile))
        {
            options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => jwksFile.Current();
        }

        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var sub = context.Principal?.FindFirst("sub")?.Value;
                if (string.IsNullOrEmpty(sub))
                {
                    context.Fail(new FabricAuthenticationException(AuthDenialReasons.InvalidToken,
                        "the bearer token has no 'sub' claim; the fabric names callers by their subject: ask the issuer for a token with one"));
                    return Task.CompletedTask;
                }

                context.Principal = FabricPrincipalOf(context.Principal!, sub);
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                context.Fail(Explain(context.Exception));
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The fabric's principal for a validated token: its subject and the valid scopes of scp, scope and roles.</summary>
    internal static ClaimsPrincipal FabricPrincipalOf(ClaimsPrincipal token, string subject)
    {
        var claims = new List<Claim> { new(FabricPrincipals.CallerClaim, $"jwt:{subject}") };
        foreach (var claim in token.Claims)
        {
            if (claim.Type is not ("scp" or "scope" or "roles"))
            {
                continue;
            }

            foreach (var scope in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (FabricScopes.IsValid(scope) && !claims.Exists(c => c.Type == FabricPrincipals.ScopeClaim && c.Value == scope))
                {
                    claims.Add(new Claim(FabricPrincipals.ScopeClaim, scope));
                }
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, FabricAuthSchemes.Jwt, FabricPrincipals.CallerClaim, null));
    }

    private FabricAuthenticationException Explain(Exception failure)
    {
        var jwt = auth.Value.Jwt;
        return failure switch
        {
            FabricAuthenticationException known => known,
            SecurityTokenExpiredException expired => new(AuthDenialReasons.ExpiredToken,
                $"the bearer token expired at {expired.Expires:O}; get a new token from the issuer"),
            SecurityTokenInvalidIssuerException => new(AuthDenialReasons.InvalidToken,
                $"the bearer token's issuer is not accepted; this fabric accepts tokens of {jwt.Issuer}"),
            SecurityTokenInvalidAudienceException => new(AuthDenialReasons.InvalidToken,
                $"the bearer token's audience is not accepted; request a token for {jwt.Audience}"),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => new(AuthDenialReasons.InvalidToken,
                "the bearer token's signature does not verify with the issuer's signing keys; get a token from the configured issuer"),
            SecurityTokenNotYetValidException => new(AuthDenialReasons.InvalidToken,
                "the bearer token is not valid yet (nbf in the future); check the clocks of the issuer and the client"),
            _ => new(AuthDenialReasons.InvalidToken,
                "the bearer token is not a valid JWT of the configured issuer; send a token from the issuer, or an API key (sf_...)"),
        };
    }
}
