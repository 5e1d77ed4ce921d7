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

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, "taskset"))
            .FirstOrDefault(File.Exists);
}
