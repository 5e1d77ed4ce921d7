using ServingFabric.Compliance;
using ServingFabric.Compliance.Bundle;
using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Drills;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// The compliance verification against a real cluster: Azurite and three silo processes in zones a, b and c, the
/// repository's deploy/, a short load drill and a failover drill that kills one silo with SIGKILL. With
/// <c>SF_EVIDENCE_EXAMPLE</c> set to a folder the bundle is kept there (docs/evidence-example/ was made so).
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class ComplianceEvidenceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Verify_ThreeSilosWithLoadAndFailoverDrills_ReplicasSpreadAndReplacedAndBundleVerifies()
    {
        await using var cluster = await FabricCluster.StartAsync(output, TimeSpan.FromSeconds(90));
        var keep = Environment.GetEnvironmentVariable("SF_EVIDENCE_EXAMPLE");
        var folder = string.IsNullOrEmpty(keep) ? Path.Combine(Path.GetTempPath(), "sf-evidence-" + Guid.NewGuid().ToString("N")) : Path.GetFullPath(keep);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var options = new VerifyOptions
        {
            Url = cluster[2].BaseAddress,
            Deploy = Path.Combine(RepositoryPaths.Root, "deploy"),
            Out = folder,
            Drills = new DrillOptions
            {
                Load = true,
                Failover = true,
                Model = "iris",
                LoadRate = 20,
                LoadSeconds = 5,
                FailoverCommand = $"kill -9 {cluster[0].Id}",
                FailoverTimeout = TimeSpan.FromSeconds(60),
            },
        };
        try
        {
            var run = await ComplianceVerifier.RunAsync(http, options, new TestOutputProgress(output), CancellationToken.None);
            BundleWriter.Write(run, folder);
            foreach (var result in run.Results)
            {
                output.WriteLine($"{result.Id,-9} {result.Status.ToLabel(),-13} {result.Summary}");
            }

            var status = run.Results.ToDictionary(r => r.Id, r => r.Status);
            Assert.Empty(Sha256Manifest.Verify(folder));
            Assert.Equal(ComplianceStatus.Pass, status["HA-2"]);   // replicas in zones a, b and c
            Assert.Equal(ComplianceStatus.Pass, status["HA-4"]);   // the killed silo's replica came back elsewhere
            Assert.Equal(ComplianceStatus.Pass, status["HEALTH-2"]);
            Assert.Equal(ComplianceStatus.Pass, status["MON-2"]);
            Assert.NotNull(run.Evidence.Drills.Failover.Value?.RecoverySeconds);
        }
        finally
        {
            cluster.WriteErrorLogs();
            if (string.IsNullOrEmpty(keep) && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

/// <summary>Progress written at once on the reporting thread: <see cref="Progress{T}"/> would post lines that may arrive after the test ended.</summary>
internal sealed class TestOutputProgress(ITestOutputHelper output) : IProgress<string>
{
    public void Report(string value) => output.WriteLine(value);
}
