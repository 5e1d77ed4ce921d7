using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServingFabric.Gateway.Tests.Tracing;

/// <summary>
/// An OTLP/HTTP trace endpoint on loopback (<c>POST /v1/traces</c>, protobuf) that keeps every export's body: what a
/// collector would receive. The bodies are read as bytes (a span's trace id and name appear in them as they are).
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string ContentType, byte[] Body)> _exports = new();
    private WebApplication _app = null!;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((context.Request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        receiver._app = app;
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    /// <summary>Waits until the exports received so far hold every one of <paramref name="needles"/>; returns the bodies.</summary>
    public async Task<IReadOnlyList<(string ContentType, byte[] Body)>> WaitForAsync(TimeSpan limit, params byte[][] needles)
    {
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            var exports = _exports.ToArray();
            if (needles.All(n => exports.Any(e => e.Body.AsSpan().IndexOf(n) >= 0)))
            {
                return exports;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{exports.Length} OTLP exports in {limit.TotalSeconds} s did not hold every expected span");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
