using System.Text.Json;
using ServingFabric.Perf.Cli;

namespace ServingFabric.Perf.Tests;

/// <summary>One scenario run with <c>--tiny</c> into a fresh folder, and what it wrote.</summary>
internal sealed class TinyRun : IDisposable
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private TinyRun(string folder, string scenario, int exitCode, string log)
    {
        Folder = folder;
        Scenario = scenario;
        ExitCode = exitCode;
        Log = log;
    }

    public string Folder { get; }

    public string Scenario { get; }

    public int ExitCode { get; }

    /// <summary>The command's progress output, shown in assertion messages so a failure explains itself.</summary>
    public string Log { get; }

    public static async Task<TinyRun> RunAsync(string scenario, params string[] options)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sf-perf-test-" + Guid.NewGuid().ToString("N"));
        using var log = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var exitCode = await PerfCommand.RunAsync([scenario, "--tiny", "--out", folder, .. options], TextWriter.Synchronized(log), timeout.Token);
        return new TinyRun(folder, scenario, exitCode, log.ToString());
    }

    public JsonElement ReadReport()
    {
        var path = Path.Combine(Folder, Scenario + ".json");
        Assert.True(File.Exists(path), $"{path} was not written. Output:\n{Log}");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the Markdown report and at least one real PNG (by its magic bytes) were written.</summary>
    public void AssertMarkdownAndPlots()
    {
        var markdown = Path.Combine(Folder, Scenario + ".md");
        Assert.True(File.Exists(markdown), $"{markdown} was not written. Output:\n{Log}");
        Assert.Contains("| run |", File.ReadAllText(markdown), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Folder, "summary.md")), $"summary.md was not written. Output:\n{Log}");

        var plots = Directory.GetFiles(Folder, Scenario + "*.png");
        Assert.NotEmpty(plots);
        foreach (var plot in plots)
        {
            var bytes = File.ReadAllBytes(plot);
            Assert.True(bytes.AsSpan().StartsWith(PngMagic), $"{plot} is not a PNG");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
