using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ServingFabric.Gateway.Transport;

/// <summary>
/// Marks the connections accepted by a gRPC listener (<c>ServingFabric:Gateway:GrpcUrl</c>), so each protocol stays on
/// its own port: a gRPC call on a REST listener, or a REST request on a gRPC listener, is refused saying where to go.
/// </summary>
public static class GrpcListenerConnections
{
    private static readonly object Marker = new();

    /// <summary>Marks every connection <paramref name="listener"/> accepts as a gRPC listener's.</summary>
    public static ListenOptions MarkAsGrpc(this ListenOptions listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        listener.Use(next => connection =>
        {
            connection.Items[Marker] = true;
            return next(connection);
        });
        return listener;
    }

    /// <summary>Whether the request came in on a gRPC listener's connection.</summary>
    internal static bool IsOnGrpcListener(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Marker) == true;
}
