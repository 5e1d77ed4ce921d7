using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServingFabric.Hosting;
using ServingFabric.Samples;
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
        var logs = new CapturedLogs();
        var (app, address) = await StartSiloAsync(
            logs, "--ServingFabric:Gateway:Url=https://127.0.0.1:0",
            $"--ServingFabric:Gateway:Certificate:Path={cert}", $"--ServingFabric:Gateway:Certificate:KeyPath={key}");
        await using var _ = app;

        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => ChainsToCa(c) },
        })
        { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        await WaitUntilModelReadyAsync(http);
        await AssertInfersIrisAsync(http);

        var (protocol, seen) = await HandshakeAsync(address);
        Assert.Equal(SslProtocols.Tls13, protocol);
        Assert.Equal(first.Thumbprint, seen);

        // A broken file at rotation keeps the old certificate: new handshakes look at the files until the failure is logged.
        await File.WriteAllTextAsync(cert, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        await HandshakeUntilAsync(address, _ => logs.Contains(LogLevel.Error, cert));
        Assert.Equal(first.Thumbprint, (await HandshakeAsync(address)).Thumbprint);

        var second = TestCertificates.CreateLeaf(_ca, "gateway-2");
        TestCertificates.WritePem(second, _folder, "tls");
        await HandshakeUntilAsync(address, thumbprint => thumbprint == second.Thumbprint);

        // The keep-alive connection opened before the rotation still serves, inference included.
        using (var again = await http.GetAsync("/v2/health/live"))
        {
            Assert.True(again.IsSuccessStatusCode);
        }

        await AssertInfersIrisAsync(http);

        // A new connection gets the new certificate and serves inference too.
        using var fresh = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, c, _, _) => ChainsToCa(c) && new X509Certificate2(c!).Thumbprint == second.Thumbprint,
            },
        })
        { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        await AssertInfersIrisAsync(fresh);

        // The expiry alert's gauge follows the certificate in force (this test's file: other silos in this process have theirs).
        var expected = new DateTimeOffset(second.NotAfter.ToUniversalTime()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        bool IsThisGauge(string line) => line.StartsWith("servingfabric_certificate_not_after_seconds{", StringComparison.Ordinal)
            && line.Contains($"path=\"{cert}\"", StringComparison.Ordinal)
            && line.Contains("setting=\"ServingFabric:Gateway:Certificate\"", StringComparison.Ordinal)
            && line.EndsWith(" " + expected, StringComparison.Ordinal);
        var metrics = await fresh.GetStringAsync("/metrics");
        for (var scrape = 0; scrape < 50 && !metrics.Split('\n').Any(IsThisGauge); scrape++)
        {
            await Task.Delay(100);
            metrics = await fresh.GetStringAsync("/metrics");
        }

        Assert.Contains(metrics.Split('\n'), IsThisGauge);
    }

    [Fact]
    public async Task Https_CertificateFileWithIntermediate_SendsChainClientsTrustingOnlyTheRootAccept()
    {
        using var intermediate = TestCertificates.CreateIntermediate(_ca);
        using var leaf = TestCertificates.CreateLeaf(intermediate, "gateway-chained");
        var (cert, key) = TestCertificates.WritePemChain(leaf, [intermediate], _folder, "chain");
        var (app, address) = await InProcessSilo.StartAsync(
            Path.Combine(_folder, "models"), "--ServingFabric:Gateway:Url=https://127.0.0.1:0",
            $"--ServingFabric:Gateway:Certificate:Path={cert}", $"--ServingFabric:Gateway:Certificate:KeyPath={key}");
        await using var _ = app;

        // The client knows only the root: the chain builds only from what the server sent.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var tls = new SslStream(tcp.GetStream());
        var errors = (SslPolicyErrors?)null;
        X509Certificate2[] sent = [];
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { _ca },
                RevocationMode = X509RevocationMode.NoCheck,
            },
            RemoteCertificateValidationCallback = (_, _, chain, e) =>
            {
                errors = e;
                sent = [.. chain!.ChainElements.Select(element => new X509Certificate2(element.Certificate))];
                return true;
            },
        });

        Assert.Equal(SslPolicyErrors.None, errors);
        Assert.Equal([leaf.Thumbprint, intermediate.Thumbprint, _ca.Thumbprint], sent.Select(c => c.Thumbprint));
    }

    [Fact]
    public async Task Start_HttpsOnAllInterfacesWithoutAuthentication_IsRefusedNamingFlagAndAuthSettings()
    {
        var (cert, key) = TestCertificates.WritePem(TestCertificates.CreateLeaf(_ca, "gateway"), _folder, "tls");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessSilo.StartAsync(
            Path.Combine(_folder, "models"), $"--ServingFabric:Gateway:Url=https://0.0.0.0:{FreePorts.Take(1)[0]}",
            $"--ServingFabric:Gateway:Certificate:Path={cert}", $"--ServingFabric:Gateway:Certificate:KeyPath={key}"));
        Assert.Contains("no authentication is configured", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:Gateway:AllowInsecureHttp=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:Gateway:Auth:KeysFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:Gateway:Auth:Jwt:Issuer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PlainHttpOnAllInterfacesWithFlag_StartsServesAndWarns()
    {
        var port = FreePorts.Take(1)[0];
        var logs = new CapturedLogs();
        var (app, _) = await StartSiloAsync(logs, $"--ServingFabric:Gateway:Url=http://0.0.0.0:{port}", "--ServingFabric:Gateway:AllowInsecureHttp=true");
        await using var _ = app;

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        using (var live = await http.GetAsync("/v2/health/live"))
        {
            Assert.True(live.IsSuccessStatusCode);
        }

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains($"http://0.0.0.0:{port}", StringComparison.Ordinal)
            && e.Message.Contains("AllowInsecureHttp=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_PlainHttpOnAllInterfacesWithoutFlag_IsRefusedNamingTheFlag()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessSilo.StartAsync(
            Path.Combine(_folder, "models"), "--ServingFabric:Gateway:Url=http://0.0.0.0:0"));
        Assert.Contains("AllowInsecureHttp=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:Gateway:Auth:KeysFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CleartextGrpcOnAllInterfacesWithoutFlag_IsRefusedNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessSilo.StartAsync(
            Path.Combine(_folder, "models"), "--ServingFabric:Gateway:GrpcUrl=http://0.0.0.0:0"));
        Assert.Contains("ServingFabric:Gateway:GrpcUrl 'http://0.0.0.0:0' serves plain HTTP", error.Message, StringComparison.Ordinal);
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

    /// <summary>Starts a silo as <see cref="InProcessSilo"/> does, serving the sample models, with its log kept in <paramref name="logs"/>.</summary>
    private async Task<(WebApplication App, Uri Address)> StartSiloAsync(CapturedLogs logs, params string[] settings)
    {
        var repository = Path.Combine(_folder, "models");
        SampleModels.WriteSampleRepository(repository);
        var ports = FreePorts.Take(2);
        var builder = WebApplication.CreateBuilder(
        [
            $"--ServingFabric:ModelRepository:Path={repository}",
            $"--ServingFabric:Silo:SiloPort={ports[0]}",
            $"--ServingFabric:Silo:GatewayPort={ports[1]}",
            .. settings,
        ]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(logs);
        builder.AddServingFabricSilo();
        var app = builder.Build();
        app.MapServingFabric();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)));
    }

    private static async Task WaitUntilModelReadyAsync(HttpClient http)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var ready = await http.GetAsync($"/v2/models/{SampleModels.IrisModelName}/ready", deadline.Token);
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Infers three seeded rows on the sample model and checks the labels against the reference.</summary>
    private static async Task AssertInfersIrisAsync(HttpClient http)
    {
        var rows = IrisReference.Rows(3, seed: 13);
        var body = $$"""{"id":"tls","inputs":[{"name":"input","shape":[3,4],"datatype":"FP32","data":[{{string.Join(',', rows.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/v2/models/{SampleModels.IrisModelName}/infer", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var label = json.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "label");
        var labels = label.GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        for (var row = 0; row < 3; row++)
        {
            Assert.Equal(IrisReference.Compute(rows.AsSpan(row * 4, 4)).Label, labels[row]);
        }
    }

    /// <summary>Opens new handshakes until <paramref name="done"/> holds for the served thumbprint (each handshake lets the gateway look at its files).</summary>
    private async Task HandshakeUntilAsync(Uri address, Func<string, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!done((await HandshakeAsync(address)).Thumbprint))
        {
            await Task.Delay(100, deadline.Token);
        }
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
