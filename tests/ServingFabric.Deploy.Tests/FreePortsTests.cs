using System.Net;
using System.Net.Sockets;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Deploy.Tests;

/// <summary>Test silos get ports below the kernel's ephemeral range, so no outgoing connection can take one first.</summary>
public sealed class FreePortsTests
{
    [Fact]
    public void Take_Several_DistinctBindablePortsBelowTheEphemeralRange()
    {
        var ports = FreePorts.Take(5);

        Assert.Equal(5, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 1024, FreePorts.EphemeralRangeStart() - 1));
        foreach (var port in ports)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
    }

    [Fact]
    public void Take_NextPortAlreadyListenedOn_SkipsIt()
    {
        var taken = FreePorts.Take(1)[0];
        var busy = new TcpListener(IPAddress.Loopback, taken + 1);
        try
        {
            busy.Start();
        }
        catch (SocketException)
        {
            // Someone else listens there already: it must be skipped all the same.
        }

        try
        {
            Assert.NotEqual(taken + 1, FreePorts.Take(1)[0]);
        }
        finally
        {
            busy.Stop();
        }
    }
}
