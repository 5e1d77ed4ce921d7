using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ServingFabric.Client;
using ServingFabric.Contracts;

namespace ServingFabric.Cli;

/// <summary>
/// <see cref="IManagementApi"/> over the SDK's typed <see cref="IFabricManagementClient"/>: a change's options become
/// the contracts' request record, and every answer is the typed record written back with the same source-generated
/// JSON, which the views read and <c>--output json</c> prints. Refusals keep fabric's wording: where, status, the
/// gateway's message, and how to send a key when none was sent.
/// </summary>
internal sealed class TypedManagementApi(IFabricManagementClient client, CliCommand command) : IManagementApi
{
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;

    public Task<JsonDocument> GetModelAsync(string model, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, $"v1/models/{Uri.EscapeDataString(model)}",
            async () => Answer(await client.GetModelAsync(model, cancellationToken), Json.ModelResponse));

    public Task<JsonDocument> ListEventsAsync(string? model, long after, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, "v1/events", async () => Answer(await client.GetEventsAsync(model, after, cancellationToken), Json.EventsResponse));

    public Task<JsonDocument> ListVersionsAsync(string model, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, $"v1/models/{Uri.EscapeDataString(model)}/versions",
            async () => Answer(await client.ListVersionsAsync(model, cancellationToken), Json.VersionListResponse));

    public Task<JsonDocument> GetExperimentAsync(string model, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, $"v1/models/{Uri.EscapeDataString(model)}/experiment",
            async () => Answer(await client.GetExperimentAsync(model, cancellationToken), Json.ExperimentResponse));

    public Task<JsonDocument> GetScalingAsync(string model, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, $"v1/models/{Uri.EscapeDataString(model)}/scaling",
            async () => Answer(await client.GetScalingAsync(model, cancellationToken), Json.ScalingResponse));

    public Task<JsonDocument> GetSecretsAsync(CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, "v1/secrets", async () => Answer(await client.GetSecretsAsync(cancellationToken), Json.SecretStatusResponse));

    public Task<JsonDocument> GetSecretAuditAsync(int limit, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, $"v1/audit/secrets?limit={limit}", async () => Answer(await client.GetSecretAuditAsync(limit, cancellationToken), Json.SecretAuditResponse));

    public Task<JsonDocument> ChangeAsync(ChangeCommand change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return CallAsync(change.Method, change.Path, () => TypedChange.SendAsync(client, change, cancellationToken));
    }

    /// <summary>The typed record as the gateway writes it (the same generated contract), for views and --output json.</summary>
    internal static JsonDocument Answer<T>(T answer, JsonTypeInfo<T> type) => JsonSerializer.SerializeToDocument(answer, type);

    /// <summary>What to do about a 401 or 403, in fabric's terms (options and variables, not the SDK's settings).</summary>
    private static string Hint(FabricManagementException ex) => ex.StatusCode switch
    {
        HttpStatusCode.Unauthorized when !ex.CredentialSent && !ex.GatewayMessage.Contains("--api-key", StringComparison.Ordinal) =>
            $" (no key was sent: set {FabricCommandLine.ApiKeyFileVariable} to a file holding the key, or {FabricCommandLine.ApiKeyVariable}, or pass --api-key-file)",
        HttpStatusCode.Unauthorized when ex.CredentialSent =>
            " (the key was not accepted: check that it is current, not expired or revoked; 'fabric keys list --file <keys.json>' shows keys)",
        HttpStatusCode.Forbidden when ex.CredentialSent && ex.RequiredScope is { } scope =>
            $" (the key lacks scope '{scope}': use a key made with 'fabric keys create --scope {scope}')",
        _ => "",
    };

    private async Task<JsonDocument> CallAsync(HttpMethod method, string path, Func<Task<JsonDocument>> call)
    {
        var url = new Uri(command.Url, path);
        try
        {
            return await call();
        }
        catch (FabricManagementException ex)
        {
            var where = method == HttpMethod.Get ? url.AbsolutePath : $"{method} {url.AbsolutePath}";
            throw new FabricRequestException($"{where} answered {(int)ex.StatusCode}: {ex.GatewayMessage}{Hint(ex)}");
        }
        catch (InvalidDataException ex)
        {
            throw new FabricRequestException($"{url.AbsolutePath} answered something fabric cannot read ({ex.Message})");
        }
    }
}
