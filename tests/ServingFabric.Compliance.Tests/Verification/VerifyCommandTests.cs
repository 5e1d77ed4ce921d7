using System.Text.Json;
using ServingFabric.Cli;
using ServingFabric.Cli.Tests;
using ServingFabric.Compliance.Bundle;
using Xunit.Abstractions;

namespace ServingFabric.Compliance.Tests.Verification;

/// <summary><c>fabric compliance verify</c> against the embedded default silo, with the repository's deploy/ and a short load drill.</summary>
public sealed class VerifyCommandTests(SiloFixture silo, ITestOutputHelper log) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task RunAsync_EmbeddedSiloWithDeployAndDrills_WritesAVerifiableBundleAndFailsWhatTheEmbeddedDefaultLacks()
    {
        var bundle = Path.Combine(Path.GetTempPath(), "sf-evidence-" + Guid.NewGuid().ToString("N"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            var exit = await FabricCommand.RunAsync(
                ["compliance", "verify", "--url", silo.Address.ToString(), "--deploy", RepositoryPaths.Deploy, "--drills", "load,failover,scale", "--load-rate", "20", "--load-seconds", "2", "--scale-step-seconds", "1", "--out", bundle],
                http, output, error, urlFromEnvironment: null);
            log.WriteLine(output.ToString());
            log.WriteLine(error.ToString());

            Assert.Equal(FabricCommand.Failed, exit);
            Assert.Empty(Sha256Manifest.Verify(bundle));
            foreach (var file in new[] { "report.md", "report.html", "evidence.json", "events.json", "plots/load-drill-latency.png", "plots/scale-drill-replicas.png", "drills/load-latency.csv", "config/rendered/kubernetes_overlays_production.yaml" })
            {
                Assert.True(File.Exists(Path.Combine(bundle, file)), $"{file} missing; bundle holds {string.Join(", ", Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories))}");
            }

            var manifestLines = File.ReadAllLines(Path.Combine(bundle, Sha256Manifest.FileName));
            Assert.Equal(Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories).Count() - 1, manifestLines.Length);

            using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "evidence.json")));
            var statuses = evidence.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
            Assert.Equal(EvidenceDocument.SchemaName, evidence.RootElement.GetProperty("schema").GetString());
            Assert.Equal("FAIL", statuses["HA-1"]);      // one silo keeps one replica of iris
            Assert.Equal("FAIL", statuses["HA-2"]);      // in one zone
            Assert.Equal("FAIL", statuses["SEC-2"]);     // loopback is trusted without credentials in the embedded default
            Assert.Equal("FAIL", statuses["SEC-4"]);     // plain HTTP
            Assert.Equal("PASS", statuses["HEALTH-1"]);  // deploy/ configures the probes and the silo answers them
            Assert.Equal("PASS", statuses["HEALTH-2"]);
            Assert.Equal("PASS", statuses["RES-1"]);
            Assert.Equal("PASS", statuses["SEC-1"]);
            Assert.Equal("PASS", statuses["MON-2"]);     // the load drill's requests are counted with the latency histogram
            Assert.Equal("NOT_EVIDENCED", statuses["GPU-1"]);
            Assert.Equal("NOT_EVIDENCED", statuses["HA-4"]);   // --failover-command not given: the management API cannot restart a replica
            Assert.Equal(JsonValueKind.Null, evidence.RootElement.GetProperty("failover_drill").ValueKind);
            Assert.Equal(3, evidence.RootElement.GetProperty("scale_drill").GetProperty("steps").GetArrayLength());
            Assert.Contains("FAIL", output.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("<script", File.ReadAllText(Path.Combine(bundle, "report.html")), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            if (Directory.Exists(bundle))
            {
                Directory.Delete(bundle, recursive: true);
            }
        }
    }
}
