using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using ServingFabric.Tests.Shared;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Azurite's Table service (npm <c>azurite</c>, installed by <c>npm ci</c> in tests/ from the repository's lockfile)
/// as a child process on a free loopback port, in memory, in its own temp folder. Only this process is ever killed.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented; not a secret).</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _workingDirectory;
    private readonly ConcurrentQueue<string> _output = new();

    private AzuriteProcess(Process process, string workingDirectory, int tablePort, AzuriteOptions options)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        TablePort = tablePort;
        Options = options;
    }

    public int TablePort { get; }

    /// <summary>How it was started (accounts, persistence folder).</summary>
    public AzuriteOptions Options { get; }

    /// <summary>An explicit connection string for the development account, pointing only at this table endpoint.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>A connection string for account <paramref name="account"/> with <paramref name="key"/>, on this table endpoint.</summary>
    public string ConnectionStringFor(string account, string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};TableEndpoint=http://127.0.0.1:{TablePort}/{account};";

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts Azurite's Table service and waits until its port accepts connections (about 2 s).</summary>
    public static async Task<AzuriteProcess> StartAsync(TimeSpan limit, AzuriteOptions? options = null)
    {
        options ??= new AzuriteOptions();
        var entry = Path.Combine(RepositoryPaths.Root, "tests", "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(entry))
        {
            throw new FileNotFoundException($"Azurite is not installed at {entry}; run `npm ci` in tests/ (bash tests/run.sh does).");
        }

        var port = options.Port ?? FreePorts.Take(1)[0];
        var workingDirectory = Path.Combine(Path.GetTempPath(), "sf-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workingDirectory);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            entry, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // In memory unless a folder is given, which keeps the tables across a restart.
        if (options.Location is { } location)
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }
        else
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }

        if (options.Accounts is { } accounts)
        {
            start.Environment["AZURITE_ACCOUNTS"] = accounts;
        }

        var process = new Process { StartInfo = start };
        var azurite = new AzuriteProcess(process, workingDirectory, port, options);
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
                throw new InvalidOperationException($"Azurite exited with {_process.ExitCode} before listening:\n{Output}");
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", TablePort, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{TablePort} within {limit}:\n{Output}");
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>SIGTERM (Azurite saves its tables to its folder and closes), then waits for the exit; kills it after <paramref name="limit"/>.</summary>
    public async Task StopGracefullyAsync(TimeSpan limit)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Kills this Azurite process (by its own handle, nothing else) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }
}

/// <summary>How to start Azurite: extra accounts (<c>AZURITE_ACCOUNTS</c>, <c>name:key1:key2</c>), a persistence folder, a fixed port.</summary>
internal sealed record AzuriteOptions(string? Accounts = null, string? Location = null, int? Port = null);
