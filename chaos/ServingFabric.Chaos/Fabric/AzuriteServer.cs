using System.Globalization;
using System.Net.Sockets;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Chaos.Fabric;

/// <summary>
/// Azurite's Table service on a fixed loopback port with its data in a folder of its own (not in memory), so it can
/// be stopped and started again like a storage account that goes away and comes back with its data: membership rows
/// and router state survive the outage. Stopped with SIGINT, Azurite's own shutdown, which saves its database.
/// </summary>
internal sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented; not a secret).</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _location;
    private ChildProcess? _process;

    private AzuriteServer(int tablePort, string location)
    {
        TablePort = tablePort;
        _location = location;
    }

    public int TablePort { get; }

    public bool IsRunning => _process is { HasExited: false };

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public string Output => _process?.Output ?? "";

    public static async Task<AzuriteServer> StartAsync(string location, TimeSpan limit)
    {
        Directory.CreateDirectory(location);
        var server = new AzuriteServer(FreePorts.Take(1)[0], location);
        try
        {
            await server.StartAgainAsync(limit);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the service on the same port and folder (after <see cref="StopAsync"/>) and waits until it listens.</summary>
    public async Task StartAgainAsync(TimeSpan limit)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is already running.");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = ChildProcess.Start("node", _location,
        [
            RepositoryPaths.AzuriteTableEntry, "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
            "--location", _location, "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        ]);
        await WaitUntilListeningAsync(limit);
    }

    /// <summary>Stops the service (SIGINT, which saves the database; SIGKILL if it has not exited within the limit).</summary>
    public async Task StopAsync(TimeSpan limit)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        await process.SignalAsync("INT");
        if (!await process.WaitForExitAsync(limit))
        {
            await process.SignalAsync("KILL");
            await process.WaitForExitAsync(limit);
        }
    }

    private async Task WaitUntilListeningAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            if (_process!.HasExited)
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

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }
}
