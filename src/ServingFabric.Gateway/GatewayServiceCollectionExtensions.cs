using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Grpc;
using ServingFabric.Gateway.Management;
using ServingFabric.Gateway.Memory;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Gateway.Transport;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway's options (section <c>ServingFabric:Gateway</c>) and its authentication (API keys, JWT, or
    /// loopback callers when none is configured) and per-endpoint-group authorization policies.
    /// The silo registers what the endpoints drive (the gateway sees only their contracts): readiness
    /// (<see cref="ServingFabric.Health.IPodReadiness"/>), the repository extension
    /// (<see cref="ServingFabric.Deployment.IModelDeployer"/>), artifact imports
    /// (<see cref="ServingFabric.Deployment.IModelArtifactImporter"/>), the catalog's model names
    /// (<see cref="IKnownModels"/>) and the accepted feedback rewards (<see cref="ServingFabric.Releases.RewardRange"/>).
    /// </summary>
    public static IServiceCollection AddServingFabricGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<GatewayOptions>, ConfigureRequestMemoryBudget>());
        services.TryAddSingleton<RequestMemoryBudget>();
        services.TryAddSingleton(sp => new FrontGrains(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IKnownModels>(), sp.GetService<IEdgeAnswers>(), sp.GetService<IEdgeFronts>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RoutingReadiness>();
        services.TryAddSingleton<ReadinessLog>();
        services.AddHostedService<Probes.ModelProber>();
        services.AddFabricAuthentication();
        services.AddGatewayGrpc();
        services.AddGatewayOpenApi();

        // Replaces Kestrel's 4 KiB blocks (registered last, so it wins over the server's own default).
        services.AddSingleton<IMemoryPoolFactory<byte>, ReceiveBlockMemoryPoolFactory>();
        return services;
    }
}
