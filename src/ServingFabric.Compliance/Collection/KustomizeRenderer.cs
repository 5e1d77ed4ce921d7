using System.Diagnostics;

namespace ServingFabric.Compliance.Collection;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c> (offline, no cluster), bounded in time and output.</summary>
internal static class KustomizeRenderer
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The rendered YAML, or null with why when kubectl is missing or fails.</summary>
    public static async Task<(string? Yaml, string? Why)> RenderAsync(string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(folder);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (null, $"kubectl could not start ({ex.Message})");
        }

        if (process is null)
        {
            return (null, "kubectl could not start");
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (null, $"kubectl kustomize did not finish within {Timeout.TotalSeconds} s");
            }

            var (yaml, stderr) = (await output, await error);
            return process.ExitCode == 0 && yaml.Length <= DeployFolder.MaxFileBytes * 4
                ? (yaml, null)
                : (null, $"kubectl kustomize exited {process.ExitCode}: {stderr.Trim()}");
        }
    }
}
