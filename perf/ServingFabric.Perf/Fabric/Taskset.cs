using System.Diagnostics;

namespace ServingFabric.Perf.Fabric;

/// <summary>Launches this program again, pinned to chosen cores with util-linux's <c>taskset</c>.</summary>
internal static class Taskset
{
    /// <summary>Where <c>taskset</c> is, or null when it is not on the PATH.</summary>
    public static string? Path { get; } = Find();

    /// <summary>A start info for this program with <paramref name="arguments"/>, pinned to <paramref name="cores"/> (a CPU list).</summary>
    public static ProcessStartInfo ThisProgram(string cores, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("taskset is not on the PATH; install util-linux or run with --cores shared."))
        {
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(cores);

        // The apphost next to the assembly when there is one (it is copied wherever the assembly is), else dotnet.
        var assembly = typeof(Taskset).Assembly.Location;
        var apphost = System.IO.Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        if (File.Exists(apphost))
        {
            start.ArgumentList.Add(apphost);
        }
        else
        {
            start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
            start.ArgumentList.Add(assembly);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// Whether a child can be pinned to <paramref name="cores"/> (a CPU list): some containers forbid changing affinity,
    /// and a list may name cores this process may not use. Checked by running <c>taskset -c cores taskset -V</c>.
    /// </summary>
    public static bool CanPin(string cores)
    {
        if (Path is null)
        {
            return false;
        }

        var start = new ProcessStartInfo(Path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(cores);
        start.ArgumentList.Add(Path);
        start.ArgumentList.Add("-V");
        try
        {
            using var probe = Process.Start(start);
            if (probe is null)
            {
                return false;
            }

            if (!probe.WaitForExit(ProbeTimeout))
            {
                probe.Kill();
                return false;
            }

            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, "taskset"))
            .FirstOrDefault(File.Exists);
}
