using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Deployment;
using ServingFabric.Grains;
using ServingFabric.Grains.Deployment;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Telemetry;
using ServingFabric.Health;
using ServingFabric.Hosting;
using ServingFabric.Hosting.Gpu;
using ServingFabric.Runtime.Batching;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Samples;

namespace Orleans.Hosting;

/// <summary>Adds ServingFabric's grains and their services to a silo.</summary>
public static class ServingFabricSiloBuilderExtensions
{
    /// <summary>
    /// Registers the model repository, the ONNX Runtime engine, the shared model host (one session and batcher per
    /// model version per silo, at most <c>ServingFabric:Silo:MaxModelSessions</c>), the response cache for deterministic
    /// models, admission gates, the silo's CPU and memory monitor, telemetry (activity propagation across grain calls included), in-memory state (unless a provider named
    /// <c>servingfabric</c> is already configured) and the start-up load of the repository.
    /// </summary>
    public static ISiloBuilder AddServingFabric(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;

        services.AddOptions<ModelRepositoryOptions>().Bind(configuration.GetSection(ModelRepositoryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelRepositoryOptions>, ModelRepositoryOptionsValidator>());
        // A request's trace goes on across grain calls (front to replica, silo to silo) whenever a tracer listens.
        builder.AddActivityPropagation();
        builder.AddServingFabricFronts(configuration);
        services.AddOptions<ResponseCacheOptions>().Bind(configuration.GetSection(ResponseCacheOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponseCacheOptions>, ResponseCacheOptionsValidator>());
        services.TryAddSingleton<ResponseCache>();
        services.TryAddSingleton(TimeProvider.System);
        // Start-up and shutdown write the serving state; the gateway's readiness endpoint only reads it.
        services.TryAddSingleton<SiloServingState>();
        services.TryAddSingleton<ISiloReadiness>(sp => sp.GetRequiredService<SiloServingState>());
        services.TryAddSingleton<IPodReadiness, PodReadiness>();
        services.AddMetrics();
        services.TryAddSingleton<ServingFabricMetrics>();
        services.TryAddSingleton(sp => new FleetMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetService<IClusterMembershipService>()));
        services.TryAddSingleton<IBatchObserverFactory, MetricsBatchObserverFactory>();

        // Resource settings: ServingFabric:Silo:MaxModelSessions, OnnxArenaMaxBytes and ResourceSampleInterval.
        var resources = new ConfigureSiloResourceOptions(configuration);
        services.AddOptions<ModelHostOptions>().ValidateOnStart();
        services.AddOptions<OnnxRuntimeOptions>().ValidateOnStart();
        services.AddOptions<SiloResourceMonitorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ModelHostOptions>>(resources));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<OnnxRuntimeOptions>>(resources));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SiloResourceMonitorOptions>>(resources));
        services.TryAddSingleton<SiloResourceMonitor>();
        builder.AddServingFabricAdmission();

        services.TryAddSingleton<IModelRepository>(sp => CreateRepository(
            sp.GetRequiredService<IOptions<ModelRepositoryOptions>>().Value,
            sp.GetService<ResolvedSecrets>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        // GPUs: the inventory (NVML; none on a CPU silo), their shared memory budgets and health, metrics and the monitor.
        services.AddOptions<GpuOptions>().Bind(configuration.GetSection(GpuOptions.SectionName)).Validate(
            o => o.PollInterval >= TimeSpan.FromMilliseconds(100) && o.PollInterval <= TimeSpan.FromMinutes(10),
            "ServingFabric:Gpu:PollInterval must be from 00:00:00.1 to 00:10:00.").ValidateOnStart();
        GpuInventoryRegistration.GetOrAdd(services);
        services.TryAddSingleton<GpuDevices>();
        services.TryAddSingleton<GpuMetrics>();
        services.TryAddSingleton<ServingFabric.Contracts.Gpus.IGpuStatusSource, GpuStatusSource>();
        services.AddHostedService<GpuMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInferenceEngineFactory, OnnxRuntimeEngineFactory>());
        services.TryAddSingleton<IArtifactVerifier, RepositoryArtifactVerifier>();
        services.TryAddSingleton<ModelHost>();
        services.TryAddSingleton<ModelDeployer>();
        services.TryAddSingleton<IModelDeployer>(sp => sp.GetRequiredService<ModelDeployer>());
        builder.AddServingFabricReplicaSets(configuration);
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ModelRepositoryBootstrap>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, QueueDepthGaugeRegistration>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new ThreadPoolFloor(
            resources.MinWorkerThreads, sp.GetRequiredService<ILoggerFactory>().CreateLogger<ThreadPoolFloor>()));

        if (!services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, ServingFabricStorage.Name)))
        {
            builder.AddMemoryGrainStorage(ServingFabricStorage.Name);
        }

        return builder;
    }

    private static IModelRepository CreateRepository(ModelRepositoryOptions options, ResolvedSecrets? secrets, ILoggerFactory loggers, TimeProvider time)
    {
        if (options.IsBlob)
        {
            return BlobModelRepositoryFactory.Create(options.Blob, secrets, loggers, time);
        }

        var logger = loggers.CreateLogger(typeof(ModelRepositoryOptions).Namespace!);
        // A relative path resolves against the working directory (where the command runs), not the content root.
        var root = Path.GetFullPath(options.Path);
        HostingLog.UsingModelRepository(logger, root);
        var repository = new FileSystemModelRepository(root);
        if (options.SeedSampleModel && repository.ListModels().Count == 0)
        {
            SampleModels.WriteSampleRepository(root);
            HostingLog.SeededSampleModel(logger, SampleModels.IrisModelName, root);
        }

        return repository;
    }
}
