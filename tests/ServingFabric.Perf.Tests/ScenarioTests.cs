using ServingFabric.Perf.Fabric;

namespace ServingFabric.Perf.Tests;

/// <summary>
/// Every scenario runs end to end in its tiny configuration (seconds, not minutes) so the harness itself keeps
/// working: it starts a silo, drives load, and writes JSON, Markdown and PNG. The numbers are not judged here.
/// </summary>
public sealed class ScenarioTests
{
    [Fact]
    public void OcrModel_InstalledByNpmCi_IsFound()
    {
        // Fails with the fix ("run npm ci in perf/") when the package is not installed; never skipped.
        var path = OcrModelLocator.Locate(explicitPath: null);

        Assert.True(new FileInfo(path).Length > 100_000, $"{path} is too small to be the PaddleOCR classifier");
    }

    [Fact]
    public async Task Overhead_Tiny_WritesReportsWithDirectBaselineAndNoErrors()
    {
        using var run = await TinyRun.RunAsync("overhead");

        Assert.True(run.ExitCode == 0, run.Log);
        var report = run.ReadReport();
        run.AssertMarkdownAndPlots();
        ReportAssertions.EveryRunAnswered(report);
        ReportAssertions.ClosedLoopRunsHadNoErrors(report);
        ReportAssertions.HasDirectBaseline(report);
        ReportAssertions.HasChecks(report, 2);
        // Every path once, then the targets' paths twice more (the second time in reverse order) for their medians.
        Assert.Equal(
            ["direct-ort", "sdk-orleans", "http-json", "http-binary", "direct-ort", "sdk-orleans", "http-binary", "http-binary", "sdk-orleans", "direct-ort"],
            ReportAssertions.Runs(report).Where(r => r.GetProperty("model").GetString() == PerfModels.Iris).Select(r => r.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Bare_Tiny_MeasuresBareServerAndEveryFabricPathWithCostsPerRequest()
    {
        using var run = await TinyRun.RunAsync("bare");

        Assert.True(run.ExitCode == 0, run.Log);
        var report = run.ReadReport();
        run.AssertMarkdownAndPlots();
        ReportAssertions.EveryRunAnswered(report);
        ReportAssertions.ClosedLoopRunsHadNoErrors(report);
        // Three throughput ratios, three added latencies, gRPC against HTTP binary.
        ReportAssertions.HasChecks(report, 7);
        string[] paths = ["bare-json", "http-json", "http-binary", "grpc", "sdk-orleans"];
        var runs = ReportAssertions.Runs(report).ToList();
        Assert.Equal([.. paths, .. paths], runs.Select(r => r.GetProperty("path").GetString()));
        Assert.All(runs, r => Assert.True(r.GetProperty("processAllocatedBytesPerRequest").GetDouble() > 0, run.Log));
        Assert.All(runs, r => Assert.True(r.GetProperty("processCpuMsPerRequest").GetDouble() > 0, run.Log));
    }

    [Fact]
    public async Task Cache_TinySplitCores_RunsSilosInPinnedProcessesAndReportsTheirCpu()
    {
        var canSplit = CoreSplit.Detect(force: true) is not null;

        using var run = await TinyRun.RunAsync("cache", "--cores", "split");

        Assert.True(run.ExitCode == 0, run.Log);
        var runs = ReportAssertions.Runs(run.ReadReport()).ToList();
        ReportAssertions.EveryRunAnswered(run.ReadReport());
        if (canSplit)
        {
            // Two silo processes (cache on and off), each pinned; every run carries the silo's CPU per request.
            Assert.Equal(2, run.Log.Split("silo process pinned to core(s)").Length - 1);
            Assert.All(runs, r => Assert.True(r.GetProperty("serverCpuMsPerRequest").GetDouble() > 0, run.Log));
        }
        else
        {
            // One core or no taskset: the silos stay in this process and no silo CPU can be told apart.
            Assert.Contains("cores: shared", run.Log, StringComparison.Ordinal);
            Assert.All(runs, r => Assert.False(r.TryGetProperty("serverCpuMsPerRequest", out _), run.Log));
        }
    }

    [Fact]
    public async Task Overhead_TinySplitCores_ReportsSiloCpuForFabricPathsOnly()
    {
        var canSplit = CoreSplit.Detect(force: true) is not null;

        using var run = await TinyRun.RunAsync("overhead", "--cores", "split");

        Assert.True(run.ExitCode == 0, run.Log);
        var runs = ReportAssertions.Runs(run.ReadReport()).ToList();
        var direct = runs.Where(r => r.GetProperty("path").GetString() == "direct-ort").ToList();
        var fabric = runs.Except(direct).ToList();
        Assert.NotEmpty(direct);
        Assert.NotEmpty(fabric);

        // The direct baseline never reaches the silo, so an idle silo's CPU would mean nothing there.
        Assert.All(direct, r => Assert.False(r.TryGetProperty("serverCpuMsPerRequest", out _), run.Log));
        Assert.All(fabric, r => Assert.Equal(canSplit, r.TryGetProperty("serverCpuMsPerRequest", out _)));
    }

    [Fact]
    public async Task Batching_Tiny_WritesReportsWithDirectBaselineAndNoErrors()
    {
        using var run = await TinyRun.RunAsync("batching");

        Assert.True(run.ExitCode == 0, run.Log);
        var report = run.ReadReport();
        run.AssertMarkdownAndPlots();
        ReportAssertions.EveryRunAnswered(report);
        ReportAssertions.ClosedLoopRunsHadNoErrors(report);
        ReportAssertions.HasDirectBaseline(report);
        ReportAssertions.HasChecks(report, 2);
    }

    [Fact]
    public async Task Optimization_Tiny_EveryVariantOfBothModelsWithTargets()
    {
        using var run = await TinyRun.RunAsync("optimization");

        Assert.True(run.ExitCode == 0, run.Log);
        var report = run.ReadReport();
        Assert.True(File.Exists(Path.Combine(run.Folder, "optimization.md")), run.Log);
        ReportAssertions.EveryRunAnswered(report);
        ReportAssertions.ClosedLoopRunsHadNoErrors(report);
        ReportAssertions.HasChecks(report, 14);
        var labels = ReportAssertions.Runs(report).Select(r => r.GetProperty("label").GetString()!).ToList();
        Assert.All(new[] { "mlp 256-1024-1024-10 int8", "mlp 256-1024-1024-10 int8, first layer float", "ocr classifier fp32", "ocr classifier graph-optimized", "ocr classifier int8" },
            variant => Assert.Contains(labels, l => l.StartsWith(variant, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cache_Tiny_WritesReportsForCacheOnAndOffWithNoErrors()
    {
        using var run = await TinyRun.RunAsync("cache");

        Assert.True(run.ExitCode == 0, run.Log);
        var report = run.ReadReport();
        run.AssertMarkdownAndPlots();
        ReportAssertions.EveryRunAnswered(report);
        ReportAssertions.ClosedLoopRunsHadNoErrors(report);
        ReportAssertions.HasChecks(report, 1);
        var labels = ReportAssertions.Runs(report).Select(r => r.GetProperty("label").GetString()!).ToList();
        Assert.Contains(labels, l => l.StartsWith("cache on", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("cache off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenLoop_Tiny_WritesReportsWithSearchAndFourOpenRuns()
    {
        using var run = await TinyRun.RunAsync("openloop");

        Assert.True(run.ExitCode == 0, run.Log);
        var report = run.ReadReport();
        run.AssertMarkdownAndPlots();
        ReportAssertions.EveryRunAnswered(report);
        ReportAssertions.ClosedLoopRunsHadNoErrors(report);
        ReportAssertions.HasChecks(report, 6);
        var open = ReportAssertions.Runs(report).Where(r => r.GetProperty("loop").GetString() == "open").ToList();
        Assert.Contains(open, r => r.GetProperty("label").GetString()!.StartsWith("search", StringComparison.Ordinal));
        Assert.Equal(
            ["70 % constant", "70 % poisson", "120 % constant", "120 % poisson"],
            open.Select(r => r.GetProperty("label").GetString()).Where(l => !l!.StartsWith("search", StringComparison.Ordinal)));
        Assert.All(open, r => Assert.True(r.GetProperty("offeredRate").GetDouble() > 0));
    }
}
