using System.Diagnostics;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// Prometheus' own rule checker (Debian package <c>prometheus</c>, installed by tests/run.sh). Missing, it fails the
/// test that needs it with what to install: no rule goes unchecked silently.
/// </summary>
internal static class Promtool
{
    public static string Path { get; } = Find();

    /// <summary>Runs promtool with <paramref name="arguments"/> in <paramref name="folder"/>; its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} ran over 2 minutes");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    private static string Find()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(folder, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "promtool is not installed: run the tests through tests/run.sh (it installs Debian's 'prometheus' package) or `apt-get install prometheus`");
    }
}
