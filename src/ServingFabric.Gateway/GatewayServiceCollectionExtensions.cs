using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServingFabric.Gateway.Health;

namespace ServingFabric.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Registers the gateway's options (section <c>ServingFabric:Gateway</c>) and state.</summary>
    public static IServiceCollection AddServingFabricGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton<GatewayState>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
