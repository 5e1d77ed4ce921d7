using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ServingFabric.Client;
using ServingFabric.Samples;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Azurite plus one real silo process per zone (a, b, c), clustered through Azure Table Storage under a cluster id of
/// its own, sharing one model repository whose iris model asks for three replicas. Failure detection is tuned fast
/// (<see cref="MembershipArguments"/>) so a crash is noticed in seconds rather than Orleans' default ~15 s.
/// </summary>
internal sealed class FabricCluster : IAsyncDisposable
{
    public static readonly string[] Zones = ["a", "b", "c"];

    /// <summary>
    /// Fast failure detection for tests (Orleans defaults in brackets): probe timeout 1 s [5 s, adaptive 0.5–4 s here],
    /// 2 missed probes [3], 2 votes [2], votes expire after 10 s [120 s], membership table read every 2 s [60 s],
    /// IAmAlive written every 5 s [30 s]. A killed silo is declared dead after about 2 missed probes of 1 s plus the
    /// vote round trip through the table: roughly 3–5 s.
    /// </summary>
    public static readonly string[] MembershipArguments =
    [
        "--ServingFabric:Membership:ProbeTimeout=00:00:01",
        "--ServingFabric:Membership:NumMissedProbesLimit=2",
        "--ServingFabric:Membership:NumVotesForDeathDeclaration=2",
        "--ServingFabric:Membership:DeathVoteExpirationTimeout=00:00:10",
        "--ServingFabric:Membership:TableRefreshTimeout=00:00:02",
        "--ServingFabric:Membership:IAmAliveTablePublishTimeout=00:00:05",
    ];

    private AzuriteProcess _azurite;
    private readonly string _root;
    private readonly ITestOutputHelper _output;
    private readonly SiloProcess?[] _silos;
    private readonly IReadOnlyList<string> _extraArguments;

    private FabricCluster(AzuriteProcess azurite, string root, ITestOutputHelper output, IReadOnlyList<string> extraArguments, int siloCount)
    {
        _silos = new SiloProcess?[siloCount];
        _azurite = azurite;
        _root = root;
        _output = output;
        _extraArguments = extraArguments;
        ClusterId = "sfe2e" + Guid.NewGuid().ToString("N")[..12];
    }

    public string ClusterId { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public SiloProcess this[int index] => _silos[index] ?? throw new InvalidOperationException($"silo {Zones[index]} is not running");

    /// <summary>Writes the error lines (and the exception line after each) that the running silos logged, for a failed test's output.</summary>
    public void WriteErrorLogs()
    {
        for (var i = 0; i < _silos.Length; i++)
        {
            var lines = (_silos[i]?.Output ?? string.Empty).Split('\n');
            var errors = lines.Select((line, n) => (line, n)).Where(l => l.line.StartsWith("fail:", StringComparison.Ordinal))
                .SelectMany(l => lines.Skip(l.n).Take(6)).Take(60).ToList();
            _output.WriteLine($"silo {Zones[i]}: {errors.Count} lines of errors{(errors.Count > 0 ? ":" : string.Empty)}");
            errors.ForEach(_output.WriteLine);
        }
    }

    /// <summary>The shared model repository folder of all three silos.</summary>
    public string ModelsPath => Path.Combine(_root, "models");

    /// <param name="output">Test output.</param>
    /// <param name="limit">How long each silo may take to become ready.</param>
    /// <param name="extraArguments">More configuration for every silo (later arguments win).</param>
    /// <param name="prepareRepository">Changes the repository (iris with three replicas) before the silos start.</param>
    /// <param name="siloCount">How many silos, one per zone of <see cref="Zones"/> in order (1 to 3); three by default.</param>
    public static async Task<FabricCluster> StartAsync(
        ITestOutputHelper output, TimeSpan limit, IReadOnlyList<string>? extraArguments = null, Action<string>? prepareRepository = null,
        AzuriteOptions? azuriteOptions = null, int siloCount = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(siloCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(siloCount, Zones.Length);
        var azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(30), azuriteOptions);
        var root = Path.Combine(Path.GetTempPath(), "sf-cluster-" + Guid.NewGuid().ToString("N"));
        var cluster = new FabricCluster(azurite, root, output, extraArguments ?? [], siloCount);
        try
        {
            WriteRepository(cluster.ModelsPath);
            prepareRepository?.Invoke(cluster.ModelsPath);

            // The secret store of this design is a file: the silos read the connection string from it.
            await File.WriteAllTextAsync(Path.Combine(root, "storage-connection-string"), azurite.ConnectionString);

            for (var i = 0; i < siloCount; i++)
            {
                cluster._silos[i] = cluster.StartSilo(i, ports: null);
            }

            await Task.WhenAll(Enumerable.Range(0, siloCount).Select(i => cluster.WaitUntilReadyAsync(i, limit)));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The SDK over HTTP with every gateway of the cluster, so it fails over when one goes.</summary>
    /// <summary>An SDK client over every silo; <paramref name="apiKey"/> when the silos require credentials.</summary>
    public HttpInferenceClient CreateClient(HttpClient http, string? apiKey = null) =>
        new(http, new ServingFabricClientOptions
        {
            BaseAddresses = _silos.Select(s => s!.BaseAddress).ToList(),
            UseBinaryTensors = true,
            ApiKey = apiKey,
        });

    public async Task<TimeSpan> WaitUntilReadyAsync(int index, TimeSpan limit) => await this[index].WaitUntilReadyAsync(Http, limit);

    /// <summary>SIGTERM, wait for a clean exit, start a new process on the same ports, wait until it is ready.</summary>
    public async Task<(int ExitCode, TimeSpan Ready)> RestartAsync(int index, TimeSpan limit)
    {
        var old = this[index];
        var exitCode = await old.TerminateAsync(limit);
        _output.WriteLine($"silo {Zones[index]} exited with {exitCode}; restarting on the same ports");
        var ports = old.Ports;
        await old.DisposeAsync();
        _silos[index] = StartSilo(index, ports);
        return (exitCode, await WaitUntilReadyAsync(index, limit));
    }

    /// <summary>SIGKILL (a crash: no drain), then a new process on the same ports; waits until it is ready.</summary>
    public async Task<TimeSpan> KillAndStartAsync(int index, TimeSpan limit)
    {
        var old = this[index];
        await old.KillAsync();
        _output.WriteLine($"silo {Zones[index]} killed; starting it again on the same ports");
        var ports = old.Ports;
        await old.DisposeAsync();
        _silos[index] = StartSilo(index, ports);
        return await WaitUntilReadyAsync(index, limit);
    }

    /// <summary>How many silos the cluster was started with.</summary>
    public int Count => _silos.Length;

    /// <summary>
    /// A full-cluster stop: SIGTERM to every silo at once, then each exit code once it is gone. The silos' ports are kept
    /// for <see cref="StartAllAsync"/>.
    /// </summary>
    public async Task<int[]> StopAllAsync(TimeSpan limit)
    {
        var exits = await Task.WhenAll(_silos.Select(s => s!.TerminateAsync(limit)));
        _output.WriteLine($"all silos exited: {string.Join(", ", exits)}");
        return exits;
    }

    /// <summary>Starts every silo again on its old ports, against the same storage, and waits until each is ready.</summary>
    public async Task StartAllAsync(TimeSpan limit)
    {
        for (var i = 0; i < _silos.Length; i++)
        {
            var ports = this[i].Ports;
            await this[i].DisposeAsync();
            _silos[i] = StartSilo(i, ports);
        }

        await Task.WhenAll(Enumerable.Range(0, _silos.Length).Select(i => WaitUntilReadyAsync(i, limit)));
    }

    /// <summary>Ends the Azurite process (storage becomes unreachable; its in-memory tables are gone).</summary>
    public Task StopStorageAsync() => _azurite.StopAsync();

    /// <summary>The Azurite the silos use.</summary>
    public AzuriteProcess Azurite => _azurite;

    /// <summary>Stops Azurite and starts it again on the same port and folder, with <paramref name="accounts"/> (say, only a rotated key).</summary>
    public async Task RestartAzuriteAsync(string? accounts)
    {
        var options = _azurite.Options with { Port = _azurite.TablePort, Accounts = accounts };
        await _azurite.StopGracefullyAsync(TimeSpan.FromSeconds(15));
        await _azurite.DisposeAsync();
        _azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(30), options);
    }

    /// <summary>The membership status the table holds for the newest silo on this silo port (Active, ShuttingDown, Dead, ...).</summary>
    /// <param name="siloPort">The silo's Orleans port.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <param name="connectionString">The storage account the silos use, when not Azurite's development account.</param>
    public async Task<string?> MembershipStatusAsync(int siloPort, CancellationToken cancellationToken, string? connectionString = null)
    {
        var table = new TableClient(connectionString ?? _azurite.ConnectionString, "OrleansSiloInstances");
        string? status = null;
        long newest = long.MinValue;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == ClusterId, cancellationToken: cancellationToken))
        {
            if (Text(row, "Port") == siloPort.ToString(CultureInfo.InvariantCulture)
                && long.TryParse(Text(row, "Generation"), out var generation)
                && generation > newest)
            {
                newest = generation;
                status = Text(row, "Status");
            }
        }

        return status;
    }

    /// <summary>
    /// Replicas of iris the supervisor reports healthy and hosted on a silo other than <paramref name="excludedSiloPort"/>,
    /// from the operator view <c>GET /v1/models/iris</c> of a running silo; null when no silo offers that view.
    /// </summary>
    public async Task<int?> HealthyReplicasAsync(int excludedSiloPort, CancellationToken cancellationToken)
    {
        foreach (var silo in _silos.Where(s => s is { HasExited: false }))
        {
            try
            {
                using var response = await Http.GetAsync(new Uri(silo!.BaseAddress, "/v1/models/iris"), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                return CountHealthy(json.RootElement, $":{excludedSiloPort}");
            }
            catch (HttpRequestException)
            {
                // That silo is going; ask the next.
            }
        }

        return null;
    }

    internal static string? Text(TableEntity row, string name) =>
        row.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static int CountHealthy(JsonElement model, string excludedPort)
    {
        var healthy = 0;
        foreach (var version in Property(model, "versions")?.EnumerateArray() ?? default)
        {
            foreach (var replica in Property(version, "replicas")?.EnumerateArray() ?? default)
            {
                var health = Property(replica, "health");
                var silo = Property(replica, "silo") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
                var isHealthy = health is { ValueKind: JsonValueKind.String } h
                    ? string.Equals(h.GetString(), "Healthy", StringComparison.OrdinalIgnoreCase)
                    : health is { ValueKind: JsonValueKind.Number } n && n.GetInt32() == 1;
                if (isHealthy && silo is not null && !silo.Contains(excludedPort + ":", StringComparison.Ordinal) && !silo.EndsWith(excludedPort, StringComparison.Ordinal))
                {
                    healthy++;
                }
            }
        }

        return healthy;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private SiloProcess StartSilo(int index, IReadOnlyList<int>? ports)
    {
        string[] arguments =
        [
            "--ServingFabric:Silo:Clustering=AzureTable",
            $"--ServingFabric:Silo:ClusterId={ClusterId}",
            $"--ServingFabric:Silo:ServiceId={ClusterId}",
            $"--ServingFabric:Silo:Zone={Zones[index]}",
            "--ServingFabric:Silo:Roles=gateway,inference",
            "--ServingFabric:Silo:ShutdownTimeout=00:00:30",
            // A test that gives the connection string (a secret reference) itself replaces the file.
            .. _extraArguments.Any(a => a.StartsWith("--ServingFabric:Storage:ConnectionString=", StringComparison.Ordinal))
                ? Array.Empty<string>()
                : [$"--ServingFabric:Storage:ConnectionStringFile={Path.Combine(_root, "storage-connection-string")}"],
            $"--ServingFabric:ModelRepository:Path={Path.Combine(_root, "models")}",
            "--ServingFabric:ModelRepository:SeedSampleModel=false",
            "--ServingFabric:Deployment:DefaultMinReplicas=3",
            "--ServingFabric:Supervisor:ProbeInterval=00:00:01",
            "--ServingFabric:Supervisor:RouterKeepAliveInterval=00:00:02",

            // Long enough for the other gateways' clients to see readiness turn false; the SDK fails over anyway.
            "--ServingFabric:Gateway:DrainDelay=00:00:01",
            .. MembershipArguments,
            .. _extraArguments,
        ];
        var silo = ports is null ? SiloProcess.Start(arguments) : SiloProcess.StartOn(ports, arguments);
        _output.WriteLine($"silo {Zones[index]}: pid {silo.Id}, http {silo.BaseAddress}, silo port {silo.Ports[1]}");
        return silo;
    }

    /// <summary>The sample iris model, with config.json asking for three replicas per version (one per zone).</summary>
    private static void WriteRepository(string models)
    {
        SampleModels.WriteSampleRepository(models);
        var configPath = Path.Combine(models, SampleModels.IrisModelName, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["replicas"] = new JsonObject { ["min"] = 3, ["max"] = 3 };
        File.WriteAllText(configPath, config.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }

        Http.Dispose();
        await _azurite.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }
}
