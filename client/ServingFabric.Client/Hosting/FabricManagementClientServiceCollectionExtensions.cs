using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ServingFabric.Client;

/// <summary>Registers <see cref="IFabricManagementClient"/> with dependency injection.</summary>
public static class FabricManagementClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IFabricManagementClient"/> as <see cref="HttpFabricManagementClient"/>, a typed
    /// <see cref="HttpClient"/> from <c>IHttpClientFactory</c> (add resilience handlers to it with
    /// <c>AddHttpClient&lt;HttpFabricManagementClient&gt;()</c>), with the options validated when the host starts. To bind
    /// from configuration add <c>services.Configure&lt;FabricManagementClientOptions&gt;(configuration.GetSection("ServingFabric:Management"))</c>.
    /// </summary>
    public static IServiceCollection AddFabricManagementClient(this IServiceCollection services, Action<FabricManagementClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<FabricManagementClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FabricManagementClientOptions>, FabricManagementClientOptionsValidator>());

        // Each call is bounded by FabricManagementClientOptions.Timeout, which may be longer than HttpClient's 100 s default.
        services.AddHttpClient<HttpFabricManagementClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddTransient<IFabricManagementClient>(provider => provider.GetRequiredService<HttpFabricManagementClient>());
        return services;
    }
}
