using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ServingFabric.Gateway.Auth;

namespace ServingFabric.Gateway.Tests.Auth;

public sealed class CachingJsonWebTokenHandlerTests : IDisposable
{
    private const string Issuer = "https://issuer.test";
    private const string Audience = "api://fabric-test";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task ValidateTokenAsync_SameTokenWithinMaxAge_TrustedWithoutCheckingTheSignatureAgain()
    {
        var handler = new CachingJsonWebTokenHandler(_time);
        var token = Token(TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(withKey: true))).IsValid);

        // The signing key is gone from the parameters: only a remembered validation can still pass.
        _time.Advance(CachingJsonWebTokenHandler.MaxAge - TimeSpan.FromSeconds(1));
        var remembered = await handler.ValidateTokenAsync(token, Parameters(withKey: false));

        Assert.True(remembered.IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_SameTokenAfterMaxAge_CheckedAgainAndRefusedWhenItsKeyIsGone()
    {
        var handler = new CachingJsonWebTokenHandler(_time);
        var token = Token(TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(withKey: true))).IsValid);

        _time.Advance(CachingJsonWebTokenHandler.MaxAge);
        var checkedAgain = await handler.ValidateTokenAsync(token, Parameters(withKey: false));

        Assert.False(checkedAgain.IsValid);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task ValidateTokenAsync_TokenExpiringBeforeMaxAge_RememberedOnlyUntilItsExpiry()
    {
        var handler = new CachingJsonWebTokenHandler(_time);
        var token = Token(TimeSpan.FromSeconds(10));
        var parameters = Parameters(withKey: true);
        parameters.ClockSkew = TimeSpan.Zero;
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);

        _time.Advance(TimeSpan.FromSeconds(11));
        var afterExpiry = await handler.ValidateTokenAsync(token, Parameters(withKey: false));

        Assert.False(afterExpiry.IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_InvalidToken_NotRemembered()
    {
        var handler = new CachingJsonWebTokenHandler(_time);
        var parameters = Parameters(withKey: true);
        parameters.ValidAudience = "api://someone-else";

        var result = await handler.ValidateTokenAsync(Token(TimeSpan.FromHours(1)), parameters);

        Assert.False(result.IsValid);
        Assert.Equal(0, handler.Count);
    }

    public void Dispose() => _rsa.Dispose();

    private string Token(TimeSpan lifetime)
    {
        // The token handler checks lifetimes against the real clock; the fake clock only drives the cache.
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = "tester" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private TokenValidationParameters Parameters(bool withKey) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKeys = withKey ? [new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "k1" }] : [],
    };
}
