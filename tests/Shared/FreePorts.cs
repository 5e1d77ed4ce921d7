using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// Loopback ports nobody listens on right now, so test silos never collide with each other or a dev silo. They come
/// from below the kernel's ephemeral range: a port the kernel handed out (bind to port 0) can be given to any outgoing
/// connection again before the silo binds it, which failed a cluster test with "address already in use"; a port below
/// that range is only ever taken by a listener. Each is checked free by binding it, and none is handed out twice by
/// this process.
/// </summary>
internal static class FreePorts
{
    // Where the search starts, spread by process id so that test processes running side by side search apart.
    private const int Lowest = 12000;
    private static readonly Lock Gate = new();
    private static readonly int Ceiling = EphemeralRangeStart();
    private static int _next = Lowest + (Environment.ProcessId % 64 * 256);

    public static int[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var ports = new int[count];
        lock (Gate)
        {
            for (var i = 0; i < count; i++)
            {
                ports[i] = NextFree();
            }
        }

        return ports;
    }

    /// <summary>The first port of the ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range), 32768 elsewhere.</summary>
    internal static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return start;
        }

        return 32768;
    }

    // Under Gate. Walks up to the ephemeral range and wraps around once; a machine whose range starts too low to leave
    // room falls back to a port the kernel picks.
    private static int NextFree()
    {
        if (Ceiling - Lowest < 1024)
        {
            return KernelPicked();
        }

        for (var tried = 0; tried < Ceiling - Lowest; tried++)
        {
            var candidate = _next;
            _next = _next + 1 >= Ceiling ? Lowest : _next + 1;
            if (IsFree(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {Ceiling}");
    }

    // Free when nothing listens on it on any address (a silo may listen on all of them).
    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int KernelPicked()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
