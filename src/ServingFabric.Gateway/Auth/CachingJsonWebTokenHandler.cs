using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Validates JWTs as <see cref="JsonWebTokenHandler"/> does and remembers each token that passed, so a client that
/// sends the same token on every request pays the signature check (an RSA verification, about 35 µs here) once a
/// minute instead of every time. A remembered token is trusted until <see cref="MaxAge"/> has passed or its own
/// <c>exp</c> (less the clock skew the parameters allow) is reached, whichever comes first; so a signing key removed
/// from the issuer's key set stops its tokens within <see cref="MaxAge"/>. Failures are not remembered. At most
/// <see cref="Capacity"/> tokens are kept; past that, expired ones are swept and, if still full, new ones are not kept.
/// </summary>
internal sealed class CachingJsonWebTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>How long a validated token is trusted without checking it again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>The most tokens remembered at once.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);

    /// <summary>Tokens remembered now.</summary>
    public int Count => _validated.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = time.GetUtcNow();
        if (token is not null && _validated.TryGetValue(token, out var remembered))
        {
            if (now < remembered.Until)
            {
                return remembered.Result;
            }

            _validated.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (token is not null && result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc)) + validationParameters.ClockSkew;
            var until = now + MaxAge < expires ? now + MaxAge : expires;
            if (until > now && (_validated.Count < Capacity || Sweep(now)))
            {
                _validated[token] = new Entry(result, until);
            }
        }

        return result;
    }

    /// <summary>Forgets expired tokens; whether there is room for another.</summary>
    private bool Sweep(DateTimeOffset now)
    {
        foreach (var (token, entry) in _validated)
        {
            if (entry.Until <= now)
            {
                _validated.TryRemove(token, out _);
            }
        }

        return _validated.Count < Capacity;
    }

    private sealed record Entry(TokenValidationResult Result, DateTimeOffset Until);
}
