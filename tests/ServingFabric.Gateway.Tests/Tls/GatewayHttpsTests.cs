using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ServingFabric.Tests.Shared;
using Xunit;

namespace ServingFabric.Gateway.Tests.Tls;

public sealed class GatewayHttpsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sf-tls-" + Guid.NewGuid().ToString("N"));
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa();

    [Fact]
    public async Task Https_CertificateFromCa_ServesTls13AndRotatesForNewHandshakes()
    {
        var first = TestCertificates.CreateLeaf(_ca, "gateway-1");
        var (cert, key) = TestCertificates.WritePem(first, _folder, "tls");
        var (app, address) = await InProcessSilo.StartAsync(
            Path.Combine(_folder, "models"), "--ServingFabric:Gateway:Url=https://127.0.0.1:0",
            $"--ServingFabric:Gateway:Certificate:Path={cert}", $"--ServingFabric:Gateway:Certificate:KeyPath={key}");
        await using var _ = app;

        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => ChainsToCa(c) },
        });
        using (var live = await http.GetAsync(new Uri(address, "/v2/health/live")))
        {
            Assert.True(live.IsSuccessStatusCode);
        }

        var (protocol, seen) = await HandshakeAsync(address);
        Assert.Equal(SslProtocols.Tls13, protocol);
        Assert.Equal(first.Thumbprint, seen);

        // A broken file at rotation keeps the old certificate.
        await File.WriteAllTextAsync(cert, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(first.Thumbprint, (await HandshakeAsync(address)).Thumbprint);

        var second = TestCertificates.CreateLeaf(_ca, "gateway-2");
        TestCertificates.WritePem(second, _folder, "tls");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await HandshakeAsync(address)).Thumbprint != second.Thumbprint)
        {
            await Task.Delay(200, deadline.Token);
        }

        // The keep-alive connection opened before the rotation still serves.
        using var again = await http.GetAsync(new Uri(address, "/v2/health/live"));
        Assert.True(again.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Start_PlainHttpOnAllInterfacesWithoutFlag_IsRefusedNamingTheFlag()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessSilo.StartAsync(
            Path.Combine(_folder, "models"), "--ServingFabric:Gateway:Url=http://0.0.0.0:0"));
        Assert.Contains("AllowInsecureHttp=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExpiredCertificate_IsRefusedNamingTheFile()
    {
        var expired = TestCertificates.CreateLeaf(_ca, "old", notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        var (cert, key) = TestCertificates.WritePem(expired, _folder, "old");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessSilo.StartAsync(
            Path.Combine(_folder, "models"), "--ServingFabric:Gateway:Url=https://127.0.0.1:0",
            $"--ServingFabric:Gateway:Certificate:Path={cert}", $"--ServingFabric:Gateway:Certificate:KeyPath={key}"));
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Contains(cert, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingCertificateFile_IsRefusedNamingTheFile()
    {
        var missing = Path.Combine(_folder, "absent.crt");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessSilo.StartAsync(
            Path.Combine(_folder, "models"), "--ServingFabric:Gateway:Url=https://127.0.0.1:0", $"--ServingFabric:Gateway:Certificate:Path={missing}"));
        Assert.Contains($"'{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    private async Task<(SslProtocols Protocol, string Thumbprint)> HandshakeAsync(Uri address)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, c, _, _) => ChainsToCa(c),
        });
        return (tls.SslProtocol, new X509Certificate2(tls.RemoteCertificate!).Thumbprint);
    }

    private bool ChainsToCa(X509Certificate? certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return certificate is not null && chain.Build(new X509Certificate2(certificate));
    }

    public void Dispose()
    {
        _ca.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }
}
