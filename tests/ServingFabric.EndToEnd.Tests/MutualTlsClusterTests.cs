using System.Security.Cryptography.X509Certificates;
using Orleans.Runtime.Messaging;
using ServingFabric.Client;
using ServingFabric.Contracts.Security.Tls;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Real silo processes on Azurite with mutual TLS on their Orleans connections, silo to silo and from the SDK's Orleans
/// client. One cluster serves every check (these run on small CI machines).
/// </summary>
public sealed class MutualTlsClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Cluster_SilosAndClientFromOneCa_ServeAndSelfSignedOrMissingCertificatesAreRefused()
    {
        var root = Path.Combine(Path.GetTempPath(), "sf-mtls-" + Guid.NewGuid().ToString("N"));
        using var ca = TestCertificates.CreateCa();
        var caFile = Path.Combine(root, "ca.crt");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        await using var azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(30));
        var connection = Path.Combine(root, "storage");
        await File.WriteAllTextAsync(connection, azurite.ConnectionString);
        var clusterId = "sfmtls" + Guid.NewGuid().ToString("N")[..10];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        string[] Arguments(X509Certificate2 certificate, string name, X509Certificate2? issuer = null)
        {
            var (cert, key) = TestCertificates.WritePemChain(certificate, issuer is null ? [] : [issuer], root, name);
            return
            [
                "--ServingFabric:Silo:Clustering=AzureTable", $"--ServingFabric:Silo:ClusterId={clusterId}", $"--ServingFabric:Silo:ServiceId={clusterId}",
                $"--ServingFabric:Storage:ConnectionStringFile={connection}", $"--ServingFabric:ModelRepository:Path={Path.Combine(root, "models")}",
                $"--ServingFabric:Silo:Tls:Certificate:Path={cert}", $"--ServingFabric:Silo:Tls:Certificate:KeyPath={key}", $"--ServingFabric:Silo:Tls:CaFile={caFile}",
                .. FabricCluster.MembershipArguments,
            ];
        }

        // Silo b and the client get their certificates from an intermediate CA (their files hold leaf + intermediate);
        // everyone trusts only the root, so the chains must travel in the handshakes.
        using var intermediate = TestCertificates.CreateIntermediate(ca);
        await using var a = SiloProcess.Start(Arguments(TestCertificates.CreateLeaf(ca, "silo-a"), "a"));
        await a.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(90));
        await using var b = SiloProcess.Start(Arguments(TestCertificates.CreateLeaf(intermediate, "silo-b"), "b", intermediate));
        await b.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(90));
        using (var live = await http.GetAsync(new Uri(b.BaseAddress, "/v2/models/iris/ready")))
        {
            output.WriteLine($"iris ready on b: {live.StatusCode}");
        }

        // The SDK's Orleans client with a certificate from the cluster CA connects and infers.
        MutualTlsOptions ClientTls(X509Certificate2 certificate, string name, X509Certificate2? issuer = null)
        {
            var (cert, key) = TestCertificates.WritePemChain(certificate, issuer is null ? [] : [issuer], root, name);
            return new MutualTlsOptions { Certificate = new CertificateFileOptions { Path = cert, KeyPath = key }, CaFile = caFile };
        }

        var gatewayPort = a.Ports[2];
        await using (var trusted = MutualTlsClients.Create(clusterId, gatewayPort, ClientTls(TestCertificates.CreateLeaf(intermediate, "client-app", serverAuth: false), "client", intermediate)))
        {
            using var connect = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await trusted.StartAsync(connect.Token);
            var rows = IrisReference.Rows(3, seed: 31);
            var response = await trusted.Inference.InferAsync(new InferenceRequestBuilder("iris").WithId("mtls-1").AddInput("input", [3, 4], rows).Build());
            var labels = response.GetOutput("label").ToArray<long>();
            for (var row = 0; row < 3; row++)
            {
                Assert.Equal(IrisReference.Compute(rows.AsSpan(row * 4, 4)).Label, labels[row]);
            }
        }

        // A self-signed client certificate: the silo refuses it by name, the client cannot connect.
        var selfSigned = await RefusedAsync(MutualTlsClients.Create(clusterId, gatewayPort, ClientTls(TestCertificates.CreateLeaf(null, "rogue-client", serverAuth: false), "rogue-client")));
        output.WriteLine($"self-signed client: {selfSigned.GetType().FullName}: {selfSigned.Message}");
        await WaitForAsync(() => a.Output.Contains("Refused the TLS peer 'CN=rogue-client'", StringComparison.Ordinal), a);
        Assert.Contains(a.Output.Split('\n'), line => line.Contains("CN=rogue-client", StringComparison.Ordinal) && line.Contains("does not chain to the cluster CA", StringComparison.Ordinal));

        // No TLS and no certificate: the handshake never completes, the silo logs the closed connection.
        var before = CountOf(a.Output, "was closed during the TLS handshake");
        var plain = await RefusedAsync(MutualTlsClients.Create(clusterId, gatewayPort, tls: null));
        output.WriteLine($"client without certificate: {plain.GetType().FullName}: {plain.Message}");
        await WaitForAsync(() => CountOf(a.Output, "was closed during the TLS handshake") > before, a);

        await using var rogue = SiloProcess.Start(Arguments(TestCertificates.CreateLeaf(null, "rogue"), "rogue"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!(a.Output + b.Output).Contains("Refused the TLS peer 'CN=rogue'", StringComparison.Ordinal))
        {
            await Task.Delay(200, deadline.Token);
        }

        output.WriteLine(rogue.Output);

        // The chained certificates (silo b, the client) were accepted everywhere: only the rogues were refused.
        Assert.DoesNotContain("Refused the TLS peer 'CN=silo-", a.Output + b.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused the TLS peer 'CN=client-app'", a.Output + b.Output, StringComparison.Ordinal);
        Assert.Contains("does not chain to the cluster CA", a.Output + b.Output, StringComparison.Ordinal);
    }

    /// <summary>Connects and infers with <paramref name="client"/>, which must fail; returns the failure.</summary>
    private static async Task<Exception> RefusedAsync(MutualTlsClients client)
    {
        await using var _ = client;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await Record.ExceptionAsync(async () =>
        {
            await client.StartAsync(limit.Token);
            await client.Inference.InferAsync(new InferenceRequestBuilder("iris").AddInput("input", [1, 4], new float[4]).Build(), limit.Token);
        });
        Assert.NotNull(error);
        Assert.False(limit.IsCancellationRequested, $"the refused client hung until the limit instead of failing: {error}");
        // The handshake is refused, so the client never reaches the gateway: a connection failure, before any grain call.
        Assert.IsType<ConnectionFailedException>(error);
        Assert.Same(client.ConnectFailure, error);
        return error;
    }

    private static async Task WaitForAsync(Func<bool> condition, SiloProcess silo)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(100, deadline.Token).ConfigureAwait(false);
            Assert.False(silo.HasExited, silo.Output);
        }
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
