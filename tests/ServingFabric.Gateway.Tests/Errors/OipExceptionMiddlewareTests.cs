using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServingFabric.Gateway.Errors;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Tests.Errors;

/// <summary>
/// The middleware in a real ASP.NET Core pipeline on a loopback port, in front of endpoints that fail: an unexpected
/// exception reaches the caller as "internal error" and the request id only, and the log as the whole exception.
/// </summary>
public sealed class OipExceptionMiddlewareTests : IAsyncLifetime
{
    private const string SecretPath = "/srv/fabric-secret/models/iris/1/model.onnx";
    private const string SecretMessage = $"ServingFabric.Hidden.ArtifactLoader could not open {SecretPath}";

    private readonly CapturedLogs _logs = new();
    private WebApplication? _app;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        _app = builder.Build();
        _app.UseMiddleware<OipExceptionMiddleware>();
        _app.MapGet("/v2/fails", (HttpContext _) => Task.FromException(ThrowFromDepth()));
        _app.MapGet("/v2/refuses", (HttpContext _) => Task.FromException(new InferenceException(InferenceErrorKind.NotFound, "no model nosuch; list them with GET /v2/repository/index")));
        _app.MapGet("/v2/works", () => Results.Text("fine"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task InvokeAsync_UnexpectedException_500NamesOnlyTheRequestId()
    {
        using var response = await _http.GetAsync("/v2/fails");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var id = Assert.Single(response.Headers.GetValues(RequestIds.Header));
        Assert.False(string.IsNullOrEmpty(id));
        using var json = JsonDocument.Parse(text);
        var property = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("error", property.Name);
        Assert.Matches($"^internal error; request id {Regex.Escape(id)}; trace id [0-9a-f]{{32}}$", property.Value.GetString());
        AssertRevealsNothing(text);
    }

    [Fact]
    public async Task InvokeAsync_UnexpectedException_LogHoldsTheWholeExceptionAndTheRequestId()
    {
        using var response = await _http.GetAsync("/v2/fails");
        var id = Assert.Single(response.Headers.GetValues(RequestIds.Header));

        var entry = Assert.Single(_logs.Entries, e => e.Category == typeof(OipExceptionMiddleware).FullName && e.Message.Contains(id, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("GET /v2/fails", entry.Message, StringComparison.Ordinal);
        var logged = Assert.IsType<InvalidOperationException>(entry.Exception);
        Assert.Equal(SecretMessage, logged.Message);
        Assert.Contains(nameof(ThrowFromDepth), logged.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_UnexpectedExceptionWithClientsId_EchoesTheClientsIdInBodyAndHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/fails");
        request.Headers.Add(RequestIds.Header, "client-req:42");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("client-req:42", Assert.Single(response.Headers.GetValues(RequestIds.Header)));
        using var json = JsonDocument.Parse(text);
        Assert.Matches("^internal error; request id client-req:42; trace id [0-9a-f]{32}$", json.RootElement.GetProperty("error").GetString());
        AssertRevealsNothing(text);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException && e.Message.Contains("client-req:42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_UnsafeClientId_AnswersWithTheServersOwnId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/fails");
        request.Headers.TryAddWithoutValidation(RequestIds.Header, "evil id{}");
        using var response = await _http.SendAsync(request);

        var id = Assert.Single(response.Headers.GetValues(RequestIds.Header));
        Assert.NotEqual("evil id{}", id);
        Assert.True(RequestIds.IsSafe(id));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Matches($"^internal error; request id {Regex.Escape(id)}; trace id [0-9a-f]{{32}}$", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task InvokeAsync_InferenceException_ItsStatusAndMessageWithTheRequestId()
    {
        using var response = await _http.GetAsync("/v2/refuses");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single(response.Headers.GetValues(RequestIds.Header));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("no model nosuch; list them with GET /v2/repository/index", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task InvokeAsync_Success_CarriesTheRequestId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/works");
        request.Headers.Add(RequestIds.Header, "ok-1");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok-1", Assert.Single(response.Headers.GetValues(RequestIds.Header)));
    }

    private static void AssertRevealsNothing(string body)
    {
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain("ServingFabric.Hidden", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ArtifactLoader", body, StringComparison.Ordinal);
        Assert.DoesNotContain("could not open", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/srv", body, StringComparison.Ordinal);
        Assert.DoesNotContain("model.onnx", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ThrowFromDepth), body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    // Thrown from a method of its own, so the exception has a stack trace that names it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException ThrowFromDepth()
    {
        try
        {
            throw new InvalidOperationException(SecretMessage);
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }
}
