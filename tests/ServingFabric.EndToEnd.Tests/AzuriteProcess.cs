using System.Diagnostics;
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

    private readonly AzuriteNode _node;
    private readonly string _workingDirectory;

    private AzuriteProcess(AzuriteNode node, string workingDirectory, AzuriteOptions options)
    {
        _node = node;
        _workingDirectory = workingDirectory;
        Options = options;
    }

    public int TablePort => _node.Port;

    /// <summary>How it was started (accounts, persistence folder).</summary>
    public AzuriteOptions Options { get; }

    /// <summary>An explicit connection string for the development account, pointing only at this table endpoint.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>A connection string for account <paramref name="account"/> with <paramref name="key"/>, on this table endpoint.</summary>
    public string ConnectionStringFor(string account, string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};TableEndpoint=http://127.0.0.1:{TablePort}/{account};";

    public string Output => _node.Output;

    /// <summary>Starts Azurite's Table service and waits until its port accepts connections (about 2 s).</summary>
    public static async Task<AzuriteProcess> StartAsync(TimeSpan limit, AzuriteOptions? options = null)
    {
        options ??= new AzuriteOptions();
        var workingDirectory = Path.Combine(Path.GetTempPath(), "sf-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workingDirectory);

        // In memory unless a folder is given, which keeps the tables across a restart.
        string[] persistence = options.Location is { } location ? ["--location", location] : ["--inMemoryPersistence"];
        var node = await AzuriteNode.StartAsync(
            "table", options.Port ?? FreePorts.Take(1)[0], ["--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry", .. persistence],
            limit, workingDirectory, options.Accounts);
        return new AzuriteProcess(node, workingDirectory, options);
    }

    /// <summary>
    /// SIGINT, Azurite's own shutdown signal (it saves its tables to its folder and closes, about 2 s), then waits for the
    /// exit; kills it after <paramref name="limit"/>. Azurite's Table service handles no SIGTERM: that ends node at once,
    /// losing every write since its last autosave (every 5 s).
    /// </summary>
    public async Task StopGracefullyAsync(TimeSpan limit)
    {
        var process = _node.Process;
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await _node.StopAsync();
        }
    }

    /// <summary>Kills this Azurite process (by its own handle, nothing else) and waits until it is gone.</summary>
    public Task StopAsync() => _node.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
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
