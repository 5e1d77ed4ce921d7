using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Health;
using ServingFabric.Gateway.Management;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Gateway.Transport;
using ServingFabric.Grains.Fronts;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway's options (section <c>ServingFabric:Gateway</c>), state, the management API's
    /// authorization and the artifact importer (which needs the silo's <see cref="IModelRepository"/>).
    /// </summary>
    public static IServiceCollection AddServingFabricGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton<GatewayState>();
        services.TryAddSingleton(sp => new FrontGrains(sp.GetRequiredService<IGrainFactory>(), sp.GetService<EdgeAnswers>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AdminApiKeyProvider>();
        services.TryAddSingleton<ManagementAuthorizer>();
        services.AddGatewayOpenApi();

        // Replaces Kestrel's 4 KiB blocks (registered last, so it wins over the server's own default).
        services.AddSingleton<IMemoryPoolFactory<byte>, ReceiveBlockMemoryPoolFactory>();

        // Imports land in the silo's model repository (a volume shared with the inference silos in a cluster).
        services.TryAddSingleton(sp => new ModelArtifactImporter(
            sp.GetRequiredService<IModelRepository>().Location,
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.ArtifactImportRoots,
            sp.GetRequiredService<ILogger<ModelArtifactImporter>>()));
        return services;
    }
}
