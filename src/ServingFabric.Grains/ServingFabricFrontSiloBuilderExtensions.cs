using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Replicas;

namespace Orleans.Hosting;

/// <summary>Adds what the request path needs beyond its grains: front and replica options, and the silo's shared replica balancer.</summary>
public static class ServingFabricFrontSiloBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="InferenceFrontOptions"/> (<c>ServingFabric:Inference</c>, outlier detection under
    /// <c>ServingFabric:Inference:OutlierDetection</c>), validated at start, and the replica balancer that every front
    /// activation of the silo shares, and <see cref="ModelReplicaOptions"/> (<c>ServingFabric:Replica</c>).
    /// </summary>
    public static ISiloBuilder AddServingFabricFronts(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<InferenceFrontOptions>().Bind(configuration.GetSection(InferenceFrontOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceFrontOptions>, InferenceFrontOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReplicaBalancer>();
        services.AddOptions<ModelReplicaOptions>().Bind(configuration.GetSection(ModelReplicaOptions.SectionName));
        return builder;
    }
}
