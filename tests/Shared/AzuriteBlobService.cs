using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// Azurite's Blob service (npm <c>azurite</c>, installed by <c>npm ci</c> in tests/) as a child process on a free
/// loopback port, in memory. Only this process is ever killed.
/// </summary>
internal sealed class AzuriteBlobService : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented; not a secret).</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AzuriteBlobService(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string for the development account, pointing only at this blob endpoint.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the Blob service and waits until its port accepts connections (about 2 s).</summary>
    public static async Task<AzuriteBlobService> StartAsync(TimeSpan limit)
    {
        var entry = Path.Combine(TestsFolder(), "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(entry))
        {
            throw new FileNotFoundException($"Azurite is not installed at {entry}; run `npm ci` in tests/ (bash tests/run.sh does).");
        }

        var port = FreePorts.Take(1)[0];
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            entry, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var azurite = new AzuriteBlobService(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { azurite._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { azurite._output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await azurite.WaitUntilListeningAsync(limit);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    private async Task WaitUntilListeningAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite (blob) exited with {_process.ExitCode} before listening:\n{Output}");
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
                throw new TimeoutException($"Azurite (blob) did not listen on 127.0.0.1:{Port} within {limit}:\n{Output}");
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
