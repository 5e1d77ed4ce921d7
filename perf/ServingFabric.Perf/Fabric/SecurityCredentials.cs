using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ServingFabric.Contracts.Security;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// What the security scenario's silos and clients present, made fresh in a temporary folder: a CA and the gateway's
/// certificate (PEM), a keys file with one inference key (as <c>fabric keys create</c> writes it), and a JWKS with a
/// token signed by its RSA key. Nothing leaves the folder, which is deleted on dispose.
/// </summary>
internal sealed class SecurityCredentials : IDisposable
{
    public const string Issuer = "https://issuer.servingfabric.perf";
    public const string Audience = "api://servingfabric-perf";
    private const string KeyId = "perf-signing-key";

    private readonly RSA _signing = RSA.Create(2048);

    public SecurityCredentials()
    {
        Folder = Path.Combine(Path.GetTempPath(), "sf-perf-security-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Ca = TestCertificates.CreateCa("ServingFabric Perf CA");
        using var leaf = TestCertificates.CreateLeaf(Ca, "servingfabric-perf-gateway", serverAuth: true, clientAuth: false);
        (CertificatePath, KeyPath) = TestCertificates.WritePem(leaf, Folder, "gateway");

        var (record, key) = ApiKeyHashing.Create("perf-client", [FabricScopes.Inference], DateTimeOffset.UtcNow, expiresAt: null);
        ApiKey = key;
        File.WriteAllText(KeysFile, JsonSerializer.Serialize(new ApiKeysFile([record]), ApiKeysJsonContext.Default.ApiKeysFile));
        File.WriteAllText(JwksFile, Jwks(_signing));
        Token = SignToken();
    }

    public string Folder { get; }

    public X509Certificate2 Ca { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public string KeysFile => Path.Combine(Folder, "keys.json");

    public string JwksFile => Path.Combine(Folder, "jwks.json");

    /// <summary>The inference key (<c>sf_...</c>).</summary>
    public string ApiKey { get; }

    /// <summary>A JWT of <see cref="Issuer"/> for <see cref="Audience"/>, valid for two hours, with scope <c>inference</c>.</summary>
    public string Token { get; }

    /// <summary>The gateway settings for an https listener beside the plain one, both on free loopback ports.</summary>
    public string[] HttpsListenerSettings() =>
    [
        "--ServingFabric:Gateway:Url=http://127.0.0.1:0;https://127.0.0.1:0",
        $"--ServingFabric:Gateway:Certificate:Path={CertificatePath}",
        $"--ServingFabric:Gateway:Certificate:KeyPath={KeyPath}",
    ];

    /// <summary>The gateway settings that turn on API keys and JWTs.</summary>
    public string[] AuthenticationSettings() =>
    [
        $"--ServingFabric:Gateway:Auth:KeysFile={KeysFile}",
        $"--ServingFabric:Gateway:Auth:Jwt:Issuer={Issuer}",
        $"--ServingFabric:Gateway:Auth:Jwt:Audience={Audience}",
        $"--ServingFabric:Gateway:Auth:Jwt:JwksFile={JwksFile}",
    ];

    public void Dispose()
    {
        _signing.Dispose();
        Ca.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string SignToken()
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(2),
            Claims = new Dictionary<string, object> { ["sub"] = "perf-client", ["scp"] = FabricScopes.Inference },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_signing) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
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
