using System.Net.Sockets;
using System.Text;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>
/// A body over the limit, sent whole the way most clients send it (no 100-continue), over a raw connection: the 413
/// must reach the client and the connection must stay usable. Closing it with the body unread makes the kernel reset
/// the connection, which can destroy the 413 before the client reads it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OversizedBodyConnectionTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Infer_BodyOverLimitSentWhole_Answers413AndKeepsTheConnection()
    {
        var gateway = fixture.Http.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stream = tcp.GetStream();
        var length = GatewayFixture.MaxBodyBytes + 1;

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v2/models/iris/infer HTTP/1.1\r\nHost: {gateway.Authority}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"), timeout.Token);
        await stream.WriteAsync(new byte[length], timeout.Token);
        var refused = await ReadResponseAsync(stream, timeout.Token);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /v2/health/live HTTP/1.1\r\nHost: {gateway.Authority}\r\n\r\n"), timeout.Token);
        var next = await ReadResponseAsync(stream, timeout.Token);

        Assert.StartsWith("HTTP/1.1 413 ", refused.Head, StringComparison.Ordinal);
        Assert.DoesNotContain("connection: close", refused.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"error\"", refused.Body, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", next.Head, StringComparison.Ordinal);
    }

    // One HTTP/1.1 response with a Content-Length body (what the gateway sends for these two).
    private static async Task<(string Head, string Body)> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var one = new byte[1];
        while (received.Count < 4 || !(received[^4] == '\r' && received[^3] == '\n' && received[^2] == '\r' && received[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException($"the gateway closed the connection after {received.Count} bytes of a response head");
            }

            received.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString([.. received]);
        var lengthLine = head.Split("\r\n").Single(line => line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[int.Parse(lengthLine["content-length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return (head, Encoding.UTF8.GetString(body));
    }
}
