using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ServingFabric.Client;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Chaos.Fabric;

/// <summary>
/// Azurite (on disk, so it can go away and come back) plus one real silo process per zone (a, b, c), clustered through
/// Azure Table Storage under a cluster id of its own, sharing one model repository whose iris model asks for three
/// replicas. Failure detection is tuned fast (<see cref="MembershipArguments"/>). A silo process that exits is started
/// again on the same ports by <see cref="RestartExitedAsync"/>, as a Deployment's controller would.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    public const string Model = SampleModels.IrisModelName;
    public const int ReplicaTarget = 3;
    public static readonly string[] Zones = ["a", "b", "c"];

    /// <summary>The same fast failure detection as the end-to-end failover tests: a crash is declared dead in about 3-5 s.</summary>
    public static readonly string[] MembershipArguments =
    [
        "--ServingFabric:Membership:ProbeTimeout=00:00:01",
        "--ServingFabric:Membership:NumMissedProbesLimit=2",
        "--ServingFabric:Membership:NumVotesForDeathDeclaration=2",
        "--ServingFabric:Membership:DeathVoteExpirationTimeout=00:00:10",
        "--ServingFabric:Membership:TableRefreshTimeout=00:00:02",
        "--ServingFabric:Membership:IAmAliveTablePublishTimeout=00:00:05",
    ];

    private readonly string _root;
    private readonly Action<string> _log;
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly SiloInstance?[] _silos = new SiloInstance?[Zones.Length];
    private readonly Lock _restartGate = new();

    private ChaosCluster(AzuriteServer storage, string root, Action<string> log, IReadOnlyList<string> extraArguments)
    {
        Storage = storage;
        _root = root;
        _log = log;
        _extraArguments = extraArguments;
        ClusterId = "sfchaos" + Guid.NewGuid().ToString("N")[..12];
        Admin = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>The admin API key every silo accepts (generated per cluster; it never leaves this machine).</summary>
    public string AdminKey { get; } = "chaos-" + Guid.NewGuid().ToString("N");

    public string ClusterId { get; }

    public AzuriteServer Storage { get; }

    /// <summary>An HTTP client carrying the admin key, for the management API and the operator view.</summary>
    public HttpClient Admin { get; }

    public IReadOnlyList<SiloInstance> Silos => _silos.Select(s => s!).ToList();

    public IReadOnlyList<Uri> Gateways => Silos.Select(s => s.BaseAddress).ToList();

    public string ModelsPath => Path.Combine(_root, "models");

    public static async Task<ChaosCluster> StartAsync(Action<string> log, TimeSpan limit, IReadOnlyList<string>? extraArguments = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "sf-chaos-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var storage = await AzuriteServer.StartAsync(Path.Combine(root, "azurite"), TimeSpan.FromSeconds(30));
        var cluster = new ChaosCluster(storage, root, log, extraArguments ?? []);
        try
        {
            WriteRepository(cluster.ModelsPath);
            await File.WriteAllTextAsync(Path.Combine(root, "storage-connection-string"), storage.ConnectionString);
            for (var i = 0; i < Zones.Length; i++)
            {
                var ports = FreePorts.Take(3);
                var (process, folder) = cluster.Launch(i, ports);
                cluster._silos[i] = new SiloInstance(Zones[i], ports, process, folder);
            }

            await Task.WhenAll(cluster.Silos.Select(s => cluster.WaitUntilReadyAsync(s, limit)));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>An SDK client over every gateway (it fails over between them), with the admin key.</summary>
    public HttpInferenceClient CreateSdkClient(HttpClient http) =>
        new(http, new ServingFabricClientOptions { BaseAddresses = [.. Gateways], UseBinaryTensors = true, ApiKey = AdminKey });

    /// <summary>Polls <c>/v2/health/ready</c> until it answers 200, the process exits, or the limit passes.</summary>
    public async Task WaitUntilReadyAsync(SiloInstance silo, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            if (silo.Process.HasExited)
            {
                throw new InvalidOperationException($"silo {silo.Zone} exited with {silo.Process.ExitCode} before it was ready:\n{silo.Process.Output}");
            }

            try
            {
                using var response = await Admin.GetAsync(new Uri(silo.BaseAddress, "/v2/health/ready"), timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"silo {silo.Zone} not ready within {limit}:\n{silo.Process.Output}");
            }
            catch (OperationCanceledException)
            {
                // That one probe timed out (a busy machine); ask again.
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>
    /// Starts a new process, on the same ports, for every silo whose process has exited (crashed, terminated, or
    /// ended itself after being declared dead); returns the silos restarted. Readiness is not awaited here.
    /// </summary>
    public async Task<IReadOnlyList<SiloInstance>> RestartExitedAsync()
    {
        var restarted = new List<SiloInstance>();
        for (var i = 0; i < _silos.Length; i++)
        {
            var silo = _silos[i]!;
            if (!silo.Process.HasExited)
            {
                continue;
            }

            var old = silo.Process;
            var oldFolder = silo.WorkingDirectory;
            _log($"silo {silo.Zone}: process {old.Id} exited with {old.ExitCode}; starting a new one on the same ports");
            lock (_restartGate)
            {
                var (process, folder) = Launch(i, silo.Ports);
                silo.Replace(process, folder);
            }

            await old.DisposeAsync();
            TryDelete(oldFolder);
            restarted.Add(silo);
        }

        return restarted;
    }

    /// <summary>
    /// Ready and healthy replicas of iris on distinct live silos, from the operator view <c>GET /v1/models/iris</c> of
    /// the first running, unfrozen silo that answers; null when none answers. A replica counts only on a silo process
    /// the harness knows is running now: not a dead predecessor on the same port, not a frozen one.
    /// </summary>
    public async Task<int?> ReadyReplicasAsync(CancellationToken cancellationToken)
    {
        foreach (var silo in Silos.Where(s => s.IsRunning && !s.IsFrozen))
        {
            try
            {
                using var view = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, view.Token);
                using var response = await Admin.GetAsync(new Uri(silo.BaseAddress, $"/v1/models/{Model}"), linked.Token);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                var json = await response.Content.ReadAsStringAsync(linked.Token);
                return ReplicaView.CountReady(json, Silos.Where(s => s.IsRunning && !s.IsFrozen).ToList());
            }
            catch (HttpRequestException)
            {
                // That silo is going; ask the next.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // That silo is too slow to answer now; ask the next.
            }
        }

        return null;
    }

    private (ChildProcess Process, string Folder) Launch(int index, IReadOnlyList<int> ports)
    {
        var folder = Path.Combine(_root, $"silo-{Zones[index]}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(folder);
        string[] arguments =
        [
            RepositoryPaths.SiloAssembly,
            $"--ServingFabric:Gateway:Url=http://127.0.0.1:{ports[0]}",
            // Several silos share this machine: none takes the embedded default's gRPC port.
            "--ServingFabric:Gateway:GrpcUrl=",
            $"--ServingFabric:Silo:SiloPort={ports[1]}",
            $"--ServingFabric:Silo:GatewayPort={ports[2]}",
            "--ServingFabric:Silo:Clustering=AzureTable",
            $"--ServingFabric:Silo:ClusterId={ClusterId}",
            $"--ServingFabric:Silo:ServiceId={ClusterId}",
            $"--ServingFabric:Silo:Zone={Zones[index]}",
            "--ServingFabric:Silo:Roles=gateway,inference",
            "--ServingFabric:Silo:ShutdownTimeout=00:00:30",
            $"--ServingFabric:Storage:ConnectionStringFile={Path.Combine(_root, "storage-connection-string")}",
            $"--ServingFabric:ModelRepository:Path={ModelsPath}",
            "--ServingFabric:ModelRepository:SeedSampleModel=false",
            "--ServingFabric:Deployment:DefaultMinReplicas=3",
            "--ServingFabric:Supervisor:ProbeInterval=00:00:01",
            "--ServingFabric:Supervisor:RouterKeepAliveInterval=00:00:02",
            "--ServingFabric:Gateway:DrainDelay=00:00:01",
            $"--ServingFabric:Gateway:AdminApiKey={AdminKey}",
            "--Logging:LogLevel:Default=Warning",
            .. MembershipArguments,
            .. _extraArguments,
        ];
        var process = ChildProcess.Start("dotnet", folder, arguments);
        _log($"silo {Zones[index]}: pid {process.Id}, http 127.0.0.1:{ports[0].ToString(CultureInfo.InvariantCulture)}, silo port {ports[1].ToString(CultureInfo.InvariantCulture)}");
        return (process, folder);
    }

    /// <summary>The sample iris model, with config.json asking for three replicas per version (one per zone).</summary>
    private static void WriteRepository(string models)
    {
        SampleModels.WriteSampleRepository(models);
        var configPath = Path.Combine(models, Model, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["replicas"] = new JsonObject { ["min"] = ReplicaTarget, ["max"] = ReplicaTarget };
        File.WriteAllText(configPath, config.ToJsonString());
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the OS later.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (silo is not null)
            {
                if (silo.IsFrozen)
                {
                    await silo.Process.SignalAsync("CONT");
                }

                await silo.Process.DisposeAsync();
            }
        }

        Admin.Dispose();
        await Storage.DisposeAsync();
        TryDelete(_root);
    }
}
