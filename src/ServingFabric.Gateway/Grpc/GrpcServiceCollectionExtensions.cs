using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ServingFabric.Gateway.Grpc;

internal static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// The gRPC service's plumbing: the error interceptor, a receive limit equal to the REST body limit
    /// (<see cref="GatewayOptions.MaxRequestBodyBytes"/>; a larger message is RESOURCE_EXHAUSTED before it is parsed),
    /// no exception details in statuses, and server reflection.
    /// </summary>
    public static IServiceCollection AddGatewayGrpc(this IServiceCollection services)
    {
        services.AddGrpc(o => o.Interceptors.Add<GrpcErrorInterceptor>());
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<GatewayOptions>>((grpc, gateway) =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, gateway.Value.MaxRequestBodyBytes);
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = false;
        });
        services.AddGrpcReflection();
        services.TryAddSingleton<GrpcScopes>();
        return services;
    }
}
