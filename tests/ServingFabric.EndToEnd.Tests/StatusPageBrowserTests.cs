using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// The status page in a real browser (Debian's chromium driven by playwright-core, tests/browser/status-page.mjs) over
/// a real three-silo cluster: it shows iris healthy, then a replica of a killed silo unreachable or lost, then every
/// replica healthy again once the supervisor replaced it. Screenshots land in TestResults/status-page; with
/// SERVINGFABRIC_REFRESH_SCREENSHOTS=1 the last one also replaces docs/images/status-page.png.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    /// <summary>Each step the page must show: as <see cref="FailoverTests"/>' restore (detection 10 s + margin 10 s), with the page's 0.5 s polls and a slow machine on top.</summary>
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task StatusPage_SiloKilledThenReplaced_ShowsReplicaUnhealthyThenHealthy()
    {
        var screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "status-page");
        Directory.CreateDirectory(screenshots);
        await using var cluster = await FabricCluster.StartAsync(output, StartLimit);
        var victim = cluster[0];

        // The page comes from another silo's gateway: the one it polls must outlive the crash.
        await using var browser = BrowserScript.Start("status-page.mjs",
            "--url", cluster[1].BaseAddress.ToString(), "--screenshots", screenshots,
            "--replicas", FabricCluster.Zones.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
}
