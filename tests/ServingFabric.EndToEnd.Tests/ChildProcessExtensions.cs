using System.Diagnostics;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>Waiting for and ending a child process the test started (never any other process).</summary>
internal static class ChildProcessExtensions
{
    /// <summary>Waits, at most <paramref name="limit"/>, for the process to exit and returns its exit code.</summary>
    public static async Task<int> WaitForExitCodeAsync(this Process process, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>Kills the process and the children it started, when it still runs, and waits until it is gone.</summary>
    public static async Task KillTreeIfRunningAsync(this Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
