using System.Security.Cryptography.X509Certificates;
using ServingFabric.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>Real silo processes on Azurite with mutual TLS on their Orleans connections.</summary>
public sealed class MutualTlsClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Cluster_SilosFromOneCa_ServeAndSelfSignedSiloIsRefused()
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

        string[] Arguments(X509Certificate2 certificate, string name)
        {
            var (cert, key) = TestCertificates.WritePem(certificate, root, name);
            return
            [
                "--ServingFabric:Silo:Clustering=AzureTable", $"--ServingFabric:Silo:ClusterId={clusterId}", $"--ServingFabric:Silo:ServiceId={clusterId}",
                $"--ServingFabric:Storage:ConnectionStringFile={connection}", $"--ServingFabric:ModelRepository:Path={Path.Combine(root, "models")}",
                $"--ServingFabric:Silo:Tls:Certificate:Path={cert}", $"--ServingFabric:Silo:Tls:Certificate:KeyPath={key}", $"--ServingFabric:Silo:Tls:CaFile={caFile}",
                .. FabricCluster.MembershipArguments,
            ];
        }

        await using var a = SiloProcess.Start(Arguments(TestCertificates.CreateLeaf(ca, "silo-a"), "a"));
        await a.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(90));
        await using var b = SiloProcess.Start(Arguments(TestCertificates.CreateLeaf(ca, "silo-b"), "b"));
        await b.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(90));
        using (var live = await http.GetAsync(new Uri(b.BaseAddress, "/v2/models/iris/ready")))
        {
            output.WriteLine($"iris ready on b: {live.StatusCode}");
        }

        await using var rogue = SiloProcess.Start(Arguments(TestCertificates.CreateLeaf(null, "rogue"), "rogue"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!(a.Output + b.Output).Contains("Refused the TLS peer 'CN=rogue'", StringComparison.Ordinal))
        {
            await Task.Delay(200, deadline.Token);
        }

        output.WriteLine(rogue.Output);
        Assert.Contains("does not chain to the cluster CA", a.Output + b.Output, StringComparison.Ordinal);
    }
}
