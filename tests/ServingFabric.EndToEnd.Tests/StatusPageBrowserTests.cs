using System.Net.Http.Json;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// The status page in a real browser (Debian's chromium driven by playwright-core, tests/browser/status-page.mjs) over
/// a real three-silo cluster: it shows iris healthy, then a replica of a killed silo unreachable or lost, then every
/// replica healthy again once the supervisor replaced it; an event text with markup stays text. Screenshots land in TestResults/status-page; with
/// SERVINGFABRIC_REFRESH_SCREENSHOTS=1 the last one also replaces docs/images/status-page.png.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    private const string HostileReason = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";

    /// <summary>
    /// With the failover tests' fast detection a killed silo can be declared dead, and its replica re-activated, between
    /// two supervisor probes: the replica is never observed unreachable, so there is nothing to show. Three missed
    /// probes of 2 s keep it unreachable for seconds, many of the page's 0.5 s polls.
    /// </summary>
    private static readonly string[] SlowerDeathDeclaration =
    [
        "--ServingFabric:Membership:ProbeTimeout=00:00:02",
        "--ServingFabric:Membership:NumMissedProbesLimit=3",
    ];

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    /// <summary>Each step the page must show: as <see cref="FailoverTests"/>' restore (detection 10 s + margin 10 s), with the page's 0.5 s polls and a slow machine on top.</summary>
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task StatusPage_SiloKilledThenReplaced_ShowsReplicaUnhealthyThenHealthy()
    {
        var screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "status-page");
        Directory.CreateDirectory(screenshots);
        await using var cluster = await FabricCluster.StartAsync(output, StartLimit, SlowerDeathDeclaration);
        var victim = cluster[0];

        // Event texts are hostile: an operator's reason with markup must be shown as text and never run.
        using (var change = await cluster.Http.PutAsync(new Uri(cluster[1].BaseAddress, "/v1/models/iris/scaling"),
            JsonContent.Create(new Dictionary<string, object> { ["target_p95_latency_ms"] = 5000, ["reason"] = HostileReason })))
        {
            Assert.True(change.IsSuccessStatusCode, $"PUT scaling answered {(int)change.StatusCode}: {await change.Content.ReadAsStringAsync()}");
        }

        // The page comes from another silo's gateway: the one it polls must outlive the crash.
        await using var browser = BrowserScript.Start("status-page.mjs",
            "--url", cluster[1].BaseAddress.ToString(), "--screenshots", screenshots,
            "--hostile", HostileReason, "--replicas", FabricCluster.Zones.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--timeout-ms", ((int)StepLimit.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Assert.Equal("ready", await browser.ReadLineAsync(StartLimit));

            await victim.KillAsync();
            await browser.WriteLineAsync($"killed {victim.Ports[1]}");

            var unhealthy = await browser.ReadLineAsync(StepLimit + TimeSpan.FromSeconds(10));
            Assert.Matches("^unhealthy (unreachable|lost) iris/", unhealthy);
            Assert.Equal("recovered", await browser.ReadLineAsync(StepLimit + TimeSpan.FromSeconds(10)));
            Assert.Equal(0, await browser.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        catch (Exception) when (WriteModelEvents(cluster))
        {
            throw;
        }
        finally
        {
            output.WriteLine(browser.Log);
        }

        var screenshot = Path.Combine(screenshots, "status-page.png");
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"the screenshot {screenshot} is nearly empty");
        if (Environment.GetEnvironmentVariable("SERVINGFABRIC_REFRESH_SCREENSHOTS") == "1")
        {
            var docs = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "docs", "images"));
            File.Copy(screenshot, Path.Combine(docs.FullName, "status-page.png"), overwrite: true);
        }
    }

    /// <summary>On failure, the model events each silo logged (what the supervisor saw), beside what the page showed.</summary>
    private bool WriteModelEvents(FabricCluster cluster)
    {
        for (var i = 0; i < FabricCluster.Zones.Length; i++)
        {
            foreach (var line in cluster[i].Output.Split('\n').Where(l => l.Contains("Model iris event", StringComparison.Ordinal)))
            {
                output.WriteLine($"silo {FabricCluster.Zones[i]}: {line.Trim()}");
            }
        }

        return false;
    }
}
