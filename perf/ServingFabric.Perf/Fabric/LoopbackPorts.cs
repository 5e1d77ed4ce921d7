using System.Net;
using System.Net.Sockets;

namespace ServingFabric.Perf.Fabric;

/// <summary>Loopback ports nobody listens on now, so a benchmark silo never collides with a dev silo or a test.</summary>
internal static class LoopbackPorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var listener in listeners)
        {
            listener.Start();
        }

        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners)
        {
            listener.Stop();
        }

        return ports;
    }
}
