using System.Diagnostics;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// SIGTERM ends the process within the shutdown timeout (plus the watchdog's margin) even when Azure Table storage is
/// gone: Orleans alone keeps retrying membership writes for minutes. The exit code says the shutdown was forced.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class BoundedShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>ServingFabric.Hosting.SiloExitCodes.ForcedShutdown (the silo's assembly is not referenced here).</summary>
    private const int ForcedExitCode = 3;

    [Fact]
    public async Task Sigterm_StorageUnreachable_ProcessEndsWithinTheBoundWithTheForcedExitCode()
    {
        await using var cluster = await FabricCluster.StartAsync(output, TimeSpan.FromSeconds(90),
            [$"--ServingFabric:Silo:ShutdownTimeout={ShutdownTimeout:c}", "--ServingFabric:Gateway:DrainDelay=00:00:00"], siloCount: 1);
        var silo = cluster[0];

        await cluster.StopStorageAsync();
        var elapsed = Stopwatch.StartNew();
        // Generous on purpose: the bound under test is asserted through the exit code (only the watchdog gives 3),
        // this only keeps a broken build from hanging the run for the minutes Orleans would otherwise take.
        var exitCode = await silo.TerminateAsync(ShutdownTimeout + TimeSpan.FromSeconds(30));
        output.WriteLine($"storage down: SIGTERM to exit took {elapsed.Elapsed.TotalSeconds:F1} s, exit code {exitCode}");

        Assert.Equal(ForcedExitCode, exitCode);
        Assert.Contains("Shutdown did not finish", silo.Output, StringComparison.Ordinal);
    }
}
