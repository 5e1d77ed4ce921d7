using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// An HTTPS server speaking the part of Azure Key Vault's Secrets REST API that the real <c>SecretClient</c> uses: get a
/// secret's current version or a given one, list its versions, with Key Vault's bearer challenge (an unauthenticated
/// request gets 401 and <c>WWW-Authenticate: Bearer authorization=..., resource=...</c>). It also answers an Entra-style
/// token endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>) for a client id and secret it is given, so the real
/// Azure.Identity <c>ClientSecretCredential</c> can be pointed at it as its authority. Only tokens it issued are accepted.
/// </summary>
internal sealed class KeyVaultTestServer : IAsyncDisposable
{
    public const string Tenant = "00000000-0000-0000-0000-00000000a11c";
    public const string ClientId = "11111111-2222-3333-4444-555555555555";

    private readonly ConcurrentDictionary<string, List<Version>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication? _app;
    private long _clock = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private KeyVaultTestServer(string clientSecret) => ClientSecret = clientSecret;

    /// <summary>The server's base address, such as <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The vault location as a reference writes it: <c>127.0.0.1:port</c>.</summary>
    public string Vault => $"{Address.Host}:{Address.Port}";

    /// <summary>The client secret the token endpoint accepts.</summary>
    public string ClientSecret { get; }

    /// <summary>A token the vault accepts (as if issued), for credentials defined by tests.</summary>
    public string IssueToken()
    {
        var token = "kvtest." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = 0;
        return token;
    }

    /// <summary>While true, every vault request is answered 503 (the vault is down; the token endpoint still answers).</summary>
    public bool Unavailable { get; set; }

    /// <summary>Requests received, as <c>METHOD path</c> (no query, no headers).</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Starts on a free loopback port with a certificate from <paramref name="ca"/>.</summary>
    public static async Task<KeyVaultTestServer> StartAsync(X509Certificate2 ca)
    {
        var server = new KeyVaultTestServer("kv-client-secret-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        var certificate = TestCertificates.CreateLeaf(ca, "keyvault-test", clientAuth: false);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        server.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>Adds a new enabled version of secret <paramref name="name"/>, which becomes its current one; returns its version id.</summary>
    public string SetSecret(string name, string value, string? contentType = null)
    {
        var version = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var created = Interlocked.Increment(ref _clock);
        var versions = _secrets.GetOrAdd(name, _ => []);
        lock (versions)
        {
            versions.Add(new Version(version, value, contentType, created) { Enabled = true });
        }

        return version;
    }

    /// <summary>Disables one version (the vault then refuses to serve it).</summary>
    public void DisableVersion(string name, string version)
    {
        var versions = _secrets[name];
        lock (versions)
        {
            versions.Single(v => v.Id == version).Enabled = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.Enqueue($"{context.Request.Method} {path}");
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (Unavailable && segments is ["secrets", ..])
        {
            await WriteAsync(context, 503, Error("ServiceUnavailable", "the vault is down"));
            return;
        }

        if (context.Request.Method == "POST" && segments is [var tenant, "oauth2", "v2.0", "token"])
        {
            await TokenAsync(context, tenant);
            return;
        }

        if (context.Request.Method == "GET" && segments is [var discoveryTenant, "v2.0", ".well-known", "openid-configuration"])
        {
            await DiscoveryAsync(context, discoveryTenant);
            return;
        }

        if (segments is not ["secrets", _, ..] || context.Request.Method != "GET")
        {
            await WriteAsync(context, 404, Error("NotFound", "no such operation"));
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"{Address}{Tenant}\", resource=\"https://vault.azure.net\"";
            await WriteAsync(context, 401, Error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
            return;
        }

        var name = segments[1];
        if (!_secrets.TryGetValue(name, out var versions))
        {
            await WriteAsync(context, 404, Error("SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault."));
            return;
        }

        List<Version> snapshot;
        lock (versions)
        {
            snapshot = [.. versions];
        }

        if (segments.Length == 3 && segments[2] == "versions")
        {
            var items = new JsonArray([.. snapshot.Select(v => (JsonNode)Properties(name, v))]);
            await WriteAsync(context, 200, new JsonObject { ["value"] = items, ["nextLink"] = null });
            return;
        }

        var wanted = segments.Length >= 3 ? snapshot.FirstOrDefault(v => v.Id == segments[2]) : snapshot.LastOrDefault();
        if (wanted is null)
        {
            await WriteAsync(context, 404, Error("SecretNotFound", $"A secret with (name/id) {name}/{segments[2]} was not found in this key vault."));
            return;
        }

        if (!wanted.Enabled)
        {
            await WriteAsync(context, 403, Error("Forbidden", "Operation get is not allowed on a disabled secret."));
            return;
        }

        var body = Properties(name, wanted);
        body["value"] = wanted.Value;
        await WriteAsync(context, 200, body);
    }

    private async Task TokenAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync();
        if (tenant != Tenant || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await WriteAsync(context, 401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." });
            return;
        }

        await WriteAsync(context, 200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["ext_expires_in"] = 3600,
            ["access_token"] = IssueToken(),
        });
    }

    private async Task DiscoveryAsync(HttpContext context, string tenant)
    {
        var authority = new Uri(Address, tenant + "/");
        await WriteAsync(context, 200, new JsonObject
        {
            ["token_endpoint"] = new Uri(authority, "oauth2/v2.0/token").ToString(),
            ["authorization_endpoint"] = new Uri(authority, "oauth2/v2.0/authorize").ToString(),
            ["issuer"] = new Uri(authority, "v2.0").ToString(),
        });
    }

    private JsonObject Properties(string name, Version version)
    {
        var properties = new JsonObject
        {
            ["id"] = new Uri(Address, $"secrets/{name}/{version.Id}").ToString(),
            ["attributes"] = new JsonObject
            {
                ["enabled"] = version.Enabled,
                ["created"] = version.Created,
                ["updated"] = version.Created,
                ["recoveryLevel"] = "Recoverable+Purgeable",
            },
        };
        if (version.ContentType is not null)
        {
            properties["contentType"] = version.ContentType;
        }

        return properties;
    }

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(JsonSerializerOptions.Default));
    }

    private sealed record Version(string Id, string Value, string? ContentType, long Created)
    {
        public bool Enabled { get; set; }
    }
}
