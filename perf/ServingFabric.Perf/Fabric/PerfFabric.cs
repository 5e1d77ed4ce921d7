using ServingFabric.Client;
using ServingFabric.Models;
using ServingFabric.Perf.Paths;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Engines.Onnx;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// What a scenario measures against: the benchmark repository, a silo serving it (in its own pinned process when the
/// cores are split, else in this one), an HTTP client for the gateway, an optional external Orleans client for the
/// SDK path, and direct engines for the baselines.
/// </summary>
internal sealed class PerfFabric : IAsyncDisposable
{
    private readonly List<IInferenceEngine> _engines = [];
    private OrleansClientHost? _orleans;

    private PerfFabric(PerfRepository repository, IBenchmarkSilo silo)
    {
        Repository = repository;
        Silo = silo;
        Http = LoopbackHttp.Create(silo.HttpAddress);
    }

    public PerfRepository Repository { get; }

    public IBenchmarkSilo Silo { get; }

    /// <summary>How the start-up warm-up ended.</summary>
    public WarmupOutcome? Warmup { get; private set; }

    public HttpClient Http { get; }

    /// <summary>The SDK over Orleans; null unless the fabric was started with it.</summary>
    public IInferenceClient? Sdk => _orleans?.Client;

    public static async Task<PerfFabric> StartAsync(
        string ocrModelPath, int serverThreads, CoreSplit? split, bool responseCache, bool orleansClient, int seed, TimeSpan warmupLimit, TextWriter log, CancellationToken cancellationToken)
    {
        var repository = PerfRepository.Create(ocrModelPath, serverThreads);
        IBenchmarkSilo silo;
        try
        {
            silo = split is null
                ? await PerfSilo.StartAsync(repository.Root, responseCache, cancellationToken)
                : await SiloProcess.StartAsync(repository.Root, responseCache, split, log, cancellationToken);
        }
        catch
        {
            repository.Dispose();
            throw;
        }

        var fabric = new PerfFabric(repository, silo);
        try
        {
            if (orleansClient)
            {
                fabric._orleans = await OrleansClientHost.ConnectAsync(silo.GatewayPort, cancellationToken);
            }

            fabric.Warmup = await FabricWarmup.RunAsync(fabric, seed, warmupLimit, cancellationToken);
            return fabric;
        }
        catch
        {
            await fabric.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The fabric's own ONNX Runtime engine for <paramref name="model"/>, loaded once from the repository with the same
    /// config (one intra-op thread, no spinning) but called directly: the baseline every path is compared with.
    /// </summary>
    public IInferenceEngine LoadDirectEngine(string model)
    {
        if (_engines.Find(e => e.Metadata.Name == model) is { } loaded)
        {
            return loaded;
        }

        var engine = new OnnxRuntimeEngineFactory().Create(model, PerfModels.Version, Repository.ArtifactOf(model), Repository.ConfigOf(model));
        _engines.Add(engine);
        return engine;
    }

    public ModelMetadata MetadataOf(string model) => LoadDirectEngine(model).Metadata;

    public async ValueTask DisposeAsync()
    {
        if (_orleans is not null)
        {
            await _orleans.DisposeAsync();
        }

        Http.Dispose();
        await Silo.DisposeAsync();
        foreach (var engine in _engines)
        {
            engine.Dispose();
        }

        Repository.Dispose();
    }
}
