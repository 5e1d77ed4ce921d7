using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Client.Tests.Credentials;

/// <summary>
/// A real Kestrel server on loopback (HTTP, or HTTPS with the given certificate) that records the Authorization header
/// of every request and answers as a gateway with authentication would: no credential 401, <see cref="ForbiddenKey"/>
/// 403 naming the scope, anything else 200 (<c>{"events": []}</c> on /v1/events, empty otherwise).
/// </summary>
internal sealed class AuthorizationRecordingServer : IAsyncDisposable
{
    public const string ForbiddenKey = "sf_00000000000000aa_forbiddenforbiddenforbiddenforbiddenforbidd";

    private readonly WebApplication _app;

    private AuthorizationRecordingServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Each request's Authorization header (null when absent), in arrival order.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public static async Task<AuthorizationRecordingServer> StartAsync(X509Certificate2? certificate = null)
    {
        var port = FreePorts.Take(1)[0];
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new AuthorizationRecordingServer(app, new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/"));
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString();
        Authorizations.Enqueue(authorization);
        context.Response.ContentType = "application/json";
        if (authorization is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""{"error": "this endpoint needs a credential"}""");
        }
        else if (authorization == $"Bearer {ForbiddenKey}")
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("""{"error": "key 'reader' lacks the scope this call needs"}""");
        }
        else if (context.Request.Path == "/v1/events")
        {
            await context.Response.WriteAsync("""{"events": []}""");
        }
    }
}
