using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using ServingFabric.Grains.Deployment;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Supervision;

namespace Orleans.Hosting;

/// <summary>Adds replica sets: zone-spread placement, the router's replica supervisor and their options.</summary>
public static class ServingFabricReplicaSetSiloBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ZoneSpreadPlacement"/> with its director, the reader of silo metadata and of the cluster
    /// that it and the routers' supervisors use, the options of deployment
    /// (<c>ServingFabric:Deployment</c>), of the supervisor (<c>ServingFabric:Supervisor</c>) and of releases
    /// (<c>ServingFabric:Releases</c>) and of scaling (<c>ServingFabric:Scaling</c>, with the silo resource reader),
    /// validated at start, and the keep-alive that brings back a router lost with its silo.
    /// </summary>
    public static ISiloBuilder AddServingFabricReplicaSets(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;

        services.AddOptionsWithValidateOnStart<ModelDeploymentOptions>().Bind(configuration.GetSection(ModelDeploymentOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelDeploymentOptions>, ModelDeploymentOptionsValidator>());
        services.AddOptionsWithValidateOnStart<ReplicaSupervisorOptions>().Bind(configuration.GetSection(ReplicaSupervisorOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplicaSupervisorOptions>, ReplicaSupervisorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        builder.AddServingFabricReleases(configuration);
        builder.AddServingFabricScaling(configuration);

        services.TryAddSingleton<ReplicaPlacementHints>();
        // Silo metadata is optional (UseSiloMetadata, in any order): without it every silo is an inference silo in one zone.
        services.TryAddSingleton(static sp => new SiloMetadataReader(sp.GetService<ISiloMetadataCache>()));
        services.TryAddSingleton<ClusterViewReader>();
        // GPU models are placed by their config.json and the silos' GPUs; a silo without a repository or GPUs places none.
        services.TryAddSingleton(static sp => new GpuPlacementView(
            sp.GetService<ServingFabric.Runtime.Repository.IModelRepository>(),
            sp.GetService<ServingFabric.Runtime.Gpu.GpuDevices>(),
            sp.GetService<ILocalSiloDetails>()?.SiloAddress));
        builder.AddPlacementDirector<ZoneSpreadPlacement, ZoneSpreadPlacementDirector>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ModelRouterKeepAlive>();
        return builder;
    }
}
