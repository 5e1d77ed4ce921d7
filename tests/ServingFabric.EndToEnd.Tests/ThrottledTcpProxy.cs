using System.Net;
using System.Net.Sockets;
using ServingFabric.Tests.Shared;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// A loopback TCP proxy that passes requests through at once and answers at most <c>bytesPerSecond</c> per connection,
/// so a download from a local emulator lasts long enough for a test to interrupt it in the middle.
/// </summary>
internal sealed class ThrottledTcpProxy : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly long _bytesPerSecond;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public ThrottledTcpProxy(int targetPort, long bytesPerSecond)
    {
        _targetPort = targetPort;
        _bytesPerSecond = bytesPerSecond;
        Port = FreePorts.Take(1)[0];
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _ = Task.Run(() => RelayAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
                var up = client.GetStream().CopyToAsync(server.GetStream(), _stopping.Token);
                var down = CopyThrottledAsync(server.GetStream(), client.GetStream());
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // Either side went away (a killed silo does exactly that).
            }
        }
    }

    private async Task CopyThrottledAsync(Stream from, Stream to)
    {
        var buffer = new byte[ChunkBytes];
        var started = TimeProvider.System.GetTimestamp();
        long sent = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            sent += read;
            // Rate shaping: hold back until the bytes sent fit the allowed rate.
            var due = TimeSpan.FromSeconds((double)sent / _bytesPerSecond) - TimeProvider.System.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, _stopping.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
