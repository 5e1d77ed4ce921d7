using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>
/// Calls the gateway's management API for one command: adds the admin key and actor headers, sends JSON, and turns
/// any answer but success into a <see cref="FabricRequestException"/> carrying the server's own message.
/// </summary>
internal sealed class GatewayClient(HttpClient http, CliCommand command) : IManagementApi
{
    /// <summary>The header naming who acts, recorded in the event log.</summary>
    public const string ActorHeader = "x-fabric-actor";

    public Task<JsonDocument> GetModelAsync(string model, CancellationToken cancellationToken) =>
        GetAsync($"v1/models/{Uri.EscapeDataString(model)}", cancellationToken);

    public Task<JsonDocument> ListEventsAsync(string? model, long after, CancellationToken cancellationToken) =>
        GetAsync($"v1/events?after={after}" + (model is { } m ? $"&model={Uri.EscapeDataString(m)}" : ""), cancellationToken);

    public Task<JsonDocument> ListVersionsAsync(string model, CancellationToken cancellationToken) =>
        GetAsync($"v1/models/{Uri.EscapeDataString(model)}/versions", cancellationToken);

    public Task<JsonDocument> GetExperimentAsync(string model, CancellationToken cancellationToken) =>
        GetAsync($"v1/models/{Uri.EscapeDataString(model)}/experiment", cancellationToken);

    public Task<JsonDocument> GetScalingAsync(string model, CancellationToken cancellationToken) =>
        GetAsync($"v1/models/{Uri.EscapeDataString(model)}/scaling", cancellationToken);

    public Task<JsonDocument> ChangeAsync(ChangeCommand change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return SendAsync(change.Method, change.Path, change.Body, cancellationToken);
    }

    private Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var url = new Uri(command.Url, path);
        using var request = new HttpRequestMessage(method, url);
        if (command.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (command.Actor is { } actor)
        {
            request.Headers.TryAddWithoutValidation(ActorHeader, actor);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var where = method == HttpMethod.Get ? url.AbsolutePath : $"{method} {url.AbsolutePath}";
            var error = ErrorOf(text);
            var hint = response.StatusCode == HttpStatusCode.Unauthorized && command.ApiKey is null && !error.Contains("--api-key", StringComparison.Ordinal)
                ? " (no key was sent: pass --api-key or set FABRIC_API_KEY)"
                : "";
            throw new FabricRequestException($"{where} answered {(int)response.StatusCode}: {error}{hint}");
        }

        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new FabricRequestException($"{url.AbsolutePath} answered something that is not JSON ({ex.Message}); is --gateway a ServingFabric gateway?");
        }
    }

    private static string ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                ? error.GetString() ?? body
                : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
