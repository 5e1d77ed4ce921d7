using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;

namespace ServingFabric.Client;

/// <summary>Registers <see cref="IInferenceClient"/> with dependency injection.</summary>
public static class ServingFabricClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IInferenceClient"/> for the transport chosen in <paramref name="configure"/>, with the
    /// options validated when the host starts.
    /// <list type="bullet">
    /// <item><see cref="ServingFabricTransport.Http"/>: a typed <see cref="HttpClient"/> from <c>IHttpClientFactory</c>
    /// for <see cref="HttpInferenceClient"/> (add resilience handlers to it with <c>AddHttpClient&lt;HttpInferenceClient&gt;()</c>).</item>
    /// <item><see cref="ServingFabricTransport.Grpc"/>: <see cref="GrpcInferenceClient"/> on one HTTP/2 channel to the
    /// gateway's gRPC listener at <see cref="ServingFabricClientOptions.BaseAddress"/>.</item>
    /// <item><see cref="ServingFabricTransport.Orleans"/>: <see cref="OrleansInferenceClient"/> over the host's
    /// <see cref="IClusterClient"/>; configure the Orleans client (<c>UseOrleansClient</c>) on the same host.
    /// Conventionally call this after <c>UseOrleansClient</c>; the transport is only chosen when the client is
    /// first resolved, so the order does not actually matter.</item>
    /// </list>
    /// To bind from configuration (so every setting is also an environment variable), add
    /// <c>services.Configure&lt;ServingFabricClientOptions&gt;(configuration.GetSection("ServingFabric:Client"))</c>;
    /// it applies whatever the call order.
    /// </summary>
    public static IServiceCollection AddServingFabricClient(this IServiceCollection services, Action<ServingFabricClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<ServingFabricClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServingFabricClientOptions>, ServingFabricClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient<HttpInferenceClient>((provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<IOptions<ServingFabricClientOptions>>().Value.BaseAddress;

            // Each call is bounded by its own deadline, which may be longer than HttpClient's 100 s default.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<GrpcInferenceClient>(provider));
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<OrleansInferenceClient>(
            provider, provider.GetRequiredService<IClusterClient>()));

        // Chosen at resolution, not here, so options configured later (or bound from configuration) still count.
        services.TryAddTransient<IInferenceClient>(provider =>
            provider.GetRequiredService<IOptions<ServingFabricClientOptions>>().Value.Transport switch
            {
                ServingFabricTransport.Orleans => provider.GetRequiredService<OrleansInferenceClient>(),
                ServingFabricTransport.Grpc => provider.GetRequiredService<GrpcInferenceClient>(),
                _ => provider.GetRequiredService<HttpInferenceClient>(),
            });
        return services;
    }
}
