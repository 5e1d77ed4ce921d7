using ServingFabric.Chaos.Fabric;
using ServingFabric.Chaos.Load;

namespace ServingFabric.Chaos.Running;

/// <summary>A cluster started for a run, with the open-loop load on it through the SDK and plain HTTP.</summary>
internal sealed class ChaosSession : IAsyncDisposable
{
    /// <summary>Each request's deadline: room for the front's 5 s attempt timeout plus a retry on another replica.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _sdkHttp;
    private readonly HttpClient _rawHttp;

    private ChaosSession(ChaosCluster cluster, HttpClient sdkHttp, HttpClient rawHttp)
    {
        Cluster = cluster;
        _sdkHttp = sdkHttp;
        _rawHttp = rawHttp;
    }

    public ChaosCluster Cluster { get; }

    public OpenLoopLoad Load { get; private set; } = null!;

    /// <param name="log">Progress lines.</param>
    /// <param name="rate">Requests per second, alternating SDK and plain HTTP.</param>
    /// <param name="cap">The load stops by itself after this long, whatever happens.</param>
    /// <param name="seed">Seeds the request rows.</param>
    /// <param name="extraArguments">More silo configuration.</param>
    public static async Task<ChaosSession> StartAsync(Action<string> log, double rate, TimeSpan cap, int seed, IReadOnlyList<string>? extraArguments = null)
    {
        var session = await StartClusterAsync(log, extraArguments);
        session.Load = session.StartLoad(rate, cap, seed);
        return session;
    }

    /// <summary>The cluster alone, no load yet (a soak measures the sustainable rate first).</summary>
    public static async Task<ChaosSession> StartClusterAsync(Action<string> log, IReadOnlyList<string>? extraArguments = null)
    {
        var cluster = await ChaosCluster.StartAsync(log, TimeSpan.FromSeconds(120), extraArguments);

        // A refused connection fails at once; a frozen gateway accepts and never answers, which the deadlines bound.
        var sdkHttp = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = Timeout.InfiniteTimeSpan };
        var rawHttp = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = Timeout.InfiniteTimeSpan };
        return new ChaosSession(cluster, sdkHttp, rawHttp);
    }

    /// <summary>A new open loop on this cluster; the session's <see cref="Load"/> when <paramref name="main"/>.</summary>
    public OpenLoopLoad StartLoad(double rate, TimeSpan cap, int seed, bool main = true)
    {
        IRequestSender[] senders =
        [
            new SdkSender(Cluster.CreateSdkClient(_sdkHttp), ChaosCluster.Model, RequestTimeout),
            new RawHttpSender(_rawHttp, Cluster.Gateways, ChaosCluster.Model, Cluster.AdminKey, RequestTimeout),
        ];
        var load = OpenLoopLoad.Start(senders, rate, cap, RequestTimeout, seed);
        if (main)
        {
            Load = load;
        }

        return load;
    }

    public ChaosRunner CreateRunner(Action<string> log, Func<Task<string>>? whileStorageIsDown = null, Func<Task<string>>? afterStorageIsBack = null) =>
        new(Cluster, Load, log) { WhileStorageIsDown = whileStorageIsDown, AfterStorageIsBack = afterStorageIsBack };

    /// <summary>Stops the load (every request in flight runs to its end) and sums the run.</summary>
    public async Task<ChaosRunResult> FinishAsync(int seed, IReadOnlyList<FaultResult> faults, IReadOnlyList<string> skipped)
    {
        await Load.StopAsync();
        var ready = await Cluster.ReadyReplicasAsync(CancellationToken.None);
        return ChaosSummary.Summarize(seed, Load.Rate, Load.Records(), faults, ready, skipped);
    }

    public async ValueTask DisposeAsync()
    {
        Load?.Dispose();
        await Cluster.DisposeAsync();
        _sdkHttp.Dispose();
        _rawHttp.Dispose();
    }
}
