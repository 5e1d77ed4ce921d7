using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// A whole silo with API keys and JWTs configured (keys file re-read every 100 ms, JWKS file), serving the sample
/// model over HTTPS only (a certificate from a test CA, PEM files): <see cref="Address"/> and <see cref="CreateHandler"/>
/// (which trusts that CA and nothing else) are what the endpoint × credential matrix runs over.
/// </summary>
public sealed class AuthGatewayFixture : IAsyncLifetime
{
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-auth-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public TestCredentials Credentials { get; } = new(Path.Combine(Path.GetTempPath(), "sf-auth-creds-" + Guid.NewGuid().ToString("N")));

    /// <summary>The gateway's base address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The gateway's gRPC listener (HTTPS with the same certificate, HTTP/2 only).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>A client of the gateway (no credential by default).</summary>
    public HttpClient Http { get; private set; } = null!;

    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("ServingFabric Auth Test CA");

    /// <summary>The handler every client of the gateway sends through: HTTPS, trusting only the fixture's test CA.</summary>
    public static HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => IssuedByCa(certificate) },
    };

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(_repository);
        using var leaf = TestCertificates.CreateLeaf(Ca, "auth-gateway", serverAuth: true, clientAuth: false);
        var (certificate, key) = TestCertificates.WritePem(leaf, Credentials.Folder, "gateway");
        (_app, var address) = await InProcessSilo.StartAsync(_repository,
            "--ServingFabric:Gateway:Url=https://127.0.0.1:0",
            "--ServingFabric:Gateway:GrpcUrl=https://127.0.0.1:0",
            $"--ServingFabric:Gateway:Certificate:Path={certificate}",
            $"--ServingFabric:Gateway:Certificate:KeyPath={key}",
            $"--ServingFabric:Gateway:Auth:KeysFile={Credentials.KeysFile}",
            $"--ServingFabric:Gateway:Auth:KeysReloadInterval={ReloadInterval}",
            $"--ServingFabric:Gateway:Auth:Jwt:Issuer={TestCredentials.Issuer}",
            $"--ServingFabric:Gateway:Auth:Jwt:Audience={TestCredentials.Audience}",
            $"--ServingFabric:Gateway:Auth:Jwt:JwksFile={Credentials.JwksFile}");
        Address = address.Scheme == Uri.UriSchemeHttps ? address : throw new InvalidOperationException($"the auth fixture's gateway listens on {address}, not https");
        Http = new HttpClient(CreateHandler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        GrpcAddress = InProcessSilo.GrpcAddressOf(_app);
        await WaitUntilModelReadyAsync();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Credentials.Dispose();
        Directory.Delete(_repository, recursive: true);
    }

    private static bool IssuedByCa(X509Certificate? presented)
    {
        if (presented is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    private async Task WaitUntilModelReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/models/iris/ready");
            request.Headers.Add("x-api-key", Credentials.Key("ops-all"));
            using var response = await Http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"iris did not become ready in 60 s: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(50);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AuthGatewayCollection : ICollectionFixture<AuthGatewayFixture>
{
    public const string Name = "auth gateway";
}
