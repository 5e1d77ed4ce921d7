using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// One Azurite service (npm <c>azurite</c>, installed by <c>npm ci</c> in tests/: <c>table</c>, <c>blob</c> or
/// <c>queue</c>) as a <c>node</c> child process on a loopback port, its output kept for messages. Only this process is
/// ever signalled or killed.
/// </summary>
internal sealed class AzuriteNode : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private AzuriteNode(Process process, int port)
    {
        Process = process;
        Port = port;
    }

    public Process Process { get; }

    public int Port { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Starts <paramref name="service"/> on 127.0.0.1:<paramref name="port"/> with <paramref name="arguments"/> after the
    /// host and port, and waits until the port accepts connections (about 2 s).
    /// </summary>
    public static async Task<AzuriteNode> StartAsync(
        string service, int port, IEnumerable<string> arguments, TimeSpan limit, string? workingDirectory = null, string? accounts = null)
    {
        var entry = Path.Combine(TestsFolder(), "node_modules", "azurite", "dist", "src", service, "main.js");
        if (!File.Exists(entry))
        {
            throw new FileNotFoundException($"Azurite is not installed at {entry}; run `npm ci` in tests/ (bash tests/run.sh does).");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in (string[])[entry, $"--{service}Host", "127.0.0.1", $"--{service}Port", port.ToString(CultureInfo.InvariantCulture), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        if (accounts is not null)
        {
            start.Environment["AZURITE_ACCOUNTS"] = accounts;
        }

        var node = new AzuriteNode(new Process { StartInfo = start }, port);
        node.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) { node._output.Enqueue(e.Data); } };
        node.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { node._output.Enqueue(e.Data); } };
        node.Process.Start();
        node.Process.BeginOutputReadLine();
        node.Process.BeginErrorReadLine();
        try
        {
            await node.WaitUntilListeningAsync(service, limit);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>Kills this process (by its own handle, nothing else) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            await Process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Process.Dispose();
    }

    private async Task WaitUntilListeningAsync(string service, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"Azurite ({service}) exited with {Process.ExitCode} before listening:\n{Output}");
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", Port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Azurite ({service}) did not listen on 127.0.0.1:{Port} within {limit}:\n{Output}");
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private static string TestsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServingFabric.sln")))
            {
                return Path.Combine(directory.FullName, "tests");
            }
        }

        throw new DirectoryNotFoundException($"No ServingFabric.sln above {AppContext.BaseDirectory}.");
    }
}
