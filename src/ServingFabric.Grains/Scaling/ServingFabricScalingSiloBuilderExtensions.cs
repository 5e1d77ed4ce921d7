using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServingFabric.Grains.Scaling;

namespace Orleans.Hosting;

/// <summary>Adds the replica autoscaler's options and the reader of silo CPU and memory that it and placement use.</summary>
public static class ServingFabricScalingSiloBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="ReplicaScalingOptions"/> from <c>ServingFabric:Scaling</c> (the policy from
    /// <c>ServingFabric:Scaling:Policy</c>), validated at start, and registers the silo resource reader (Orleans'
    /// cluster statistics). <c>AddServingFabricReplicaSets</c> calls it: every silo that hosts routers has both.
    /// </summary>
    public static ISiloBuilder AddServingFabricScaling(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<ReplicaScalingOptions>().Bind(configuration.GetSection(ReplicaScalingOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplicaScalingOptions>, ReplicaScalingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISiloResourceReader>(sp => new ClusterStatisticsResourceReader(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ReplicaScalingOptions>>().Value.ResourceRefreshInterval));
        return builder;
    }
}
