using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// The credentials the auth tests present: API keys written to a keys file (as <c>fabric keys create</c> writes it)
/// and JWTs signed with a local RSA key whose public half is in a JWKS file. No network.
/// </summary>
public sealed class TestCredentials : IDisposable
{
    public const string Issuer = "https://issuer.servingfabric.test";
    public const string Audience = "api://servingfabric-test";
    private const string KeyId = "test-signing-key";

    private readonly RSA _signing = RSA.Create(2048);
    private readonly RSA _stranger = RSA.Create(2048);
    private readonly Dictionary<string, ApiKeyRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    public TestCredentials(string folder)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        Add("ops-all", FabricScopes.All, now, expiresAt: null);
        Add("expired", FabricScopes.All, now.AddDays(-2), expiresAt: now.AddDays(-1));
        Add("revoked", FabricScopes.All, now, expiresAt: null, revokedAt: now.AddMinutes(-1));
        Add("to-revoke", FabricScopes.All, now, expiresAt: null);
        Add("ops-bot", [FabricScopes.Manage, FabricScopes.Read], now, expiresAt: null);
        Add("pattern-match", [.. FabricScopes.All.Select(s => $"{s}:ir*")], now, expiresAt: null);
        Add("pattern-miss", [.. FabricScopes.All.Select(s => $"{s}:fraud-*")], now, expiresAt: null);
        foreach (var scope in FabricScopes.All)
        {
            Add($"all-but-{scope}", [.. FabricScopes.All.Where(s => s != scope)], now, expiresAt: null);
        }

        // Feedback is allowed with inference or feedback: the key without it lacks both.
        Add("all-but-inference-feedback", [.. FabricScopes.All.Where(s => s is not (FabricScopes.Inference or FabricScopes.Feedback))], now, expiresAt: null);
        WriteKeysFile();
        File.WriteAllText(JwksFile, Jwks(_signing));
    }

    public string Folder { get; }

    public string KeysFile => Path.Combine(Folder, "keys.json");

    public string JwksFile => Path.Combine(Folder, "jwks.json");

    /// <summary>The key (<c>sf_...</c>) named <paramref name="name"/>.</summary>
    public string Key(string name) => _keys[name];

    /// <summary>A well-formed key whose id is in no keys file.</summary>
    public static string UnknownKey => "sf_0123456789abcdef_" + new string('A', 43);

    /// <summary>Marks <paramref name="name"/> revoked in the keys file.</summary>
    public void Revoke(string name)
    {
        _records[name] = _records[name] with { RevokedAt = DateTimeOffset.UtcNow };
        WriteKeysFile();
    }

    /// <summary>A token of the configured issuer and audience, valid for an hour, granting <paramref name="scp"/> and <paramref name="roles"/>.</summary>
    public string Token(string subject, string? scp = null, IReadOnlyList<string>? roles = null,
        string issuer = Issuer, string audience = Audience, bool expired = false, bool signedByStranger = false)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (scp is not null)
        {
            claims["scp"] = scp;
        }

        if (roles is not null)
        {
            claims["roles"] = roles.ToArray();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expired ? now.AddHours(-3) : now,
            NotBefore = expired ? now.AddHours(-3) : now.AddMinutes(-1),
            Expires = expired ? now.AddHours(-2) : now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey(signedByStranger ? _stranger : _signing) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public void Dispose()
    {
        _signing.Dispose();
        _stranger.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private void Add(string name, IReadOnlyList<string> scopes, DateTimeOffset createdAt, DateTimeOffset? expiresAt, DateTimeOffset? revokedAt = null)
    {
        var (record, key) = ApiKeyHashing.Create(name, scopes, createdAt, expiresAt);
        _records[name] = record with { RevokedAt = revokedAt };
        _keys[name] = key;
    }

    private void WriteKeysFile()
    {
        // Written aside and moved in, as an operator's tooling would, so a reader never sees half a file.
        var staged = KeysFile + ".new";
        File.WriteAllText(staged, JsonSerializer.Serialize(new ApiKeysFile([.. _records.Values]), ApiKeysJsonContext.Default.ApiKeysFile));
        File.Move(staged, KeysFile, overwrite: true);
    }

    private static string Jwks(RSA rsa)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        });
    }
}
