using ServingFabric.Contracts.Security.Secrets;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Scaling;
using ServingFabric.Contracts.Security;
using ServingFabric.Contracts.Traffic;
using ServingFabric.Contracts.Versions;

namespace ServingFabric.Client;

/// <summary>
/// <see cref="IFabricManagementClient"/> over HTTP: bodies and answers through the contracts' source-generated
/// <see cref="ManagementJsonContext"/>, the credential (API key or access token) and actor on every call, refusals as <see cref="FabricManagementException"/>.
/// </summary>
public sealed class HttpFabricManagementClient : IFabricManagementClient
{
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly FabricManagementClientOptions _options;
    private readonly Uri _baseAddress;
    private readonly FabricCredential? _credential;

    /// <summary>A client of the gateway at <see cref="FabricManagementClientOptions.BaseAddress"/>.</summary>
    /// <param name="httpClient">The HTTP client (its own base address and timeout are not used).</param>
    /// <param name="options">The gateway's address, the admin key and the actor.</param>
    public HttpFabricManagementClient(HttpClient httpClient, FabricManagementClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var baseAddress = options.BaseAddress
            ?? throw new ArgumentException("FabricManagementClientOptions.BaseAddress is required: set it to the gateway, for example http://localhost:8080/.", nameof(options));
        _http = httpClient;
        _options = options;
        _credential = FabricCredential.Create(nameof(FabricManagementClientOptions), options.EffectiveApiKey, options.ApiKeyFile, options.AccessTokenProvider);

        // Paths are relative, so a base address with a path prefix (an ingress route such as /serving) keeps it.
        _baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    /// <summary>The client dependency injection creates, with the options registered by <see cref="FabricManagementClientServiceCollectionExtensions.AddFabricManagementClient"/>.</summary>
    /// <param name="httpClient">The typed HTTP client from <c>IHttpClientFactory</c>.</param>
    /// <param name="options">The validated options.</param>
    [ActivatorUtilitiesConstructor]
    public HttpFabricManagementClient(HttpClient httpClient, IOptions<FabricManagementClientOptions> options)
        : this(httpClient, (options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <inheritdoc />
    public Task<ModelResponse> GetModelAsync(string model, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ModelPath(model), null, Json.ModelResponse, cancellationToken);

    /// <inheritdoc />
    public Task<ModelResponse> UpdateModelAsync(string model, UpdateModelRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, ModelPath(model), Body(request, Json.UpdateModelRequest), Json.ModelResponse, cancellationToken);

    /// <inheritdoc />
    public Task<VersionListResponse> ListVersionsAsync(string model, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ModelPath(model) + "/versions", null, Json.VersionListResponse, cancellationToken);

    /// <inheritdoc />
    public Task<VersionResponse> RegisterVersionAsync(string model, RegisterVersionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, ModelPath(model) + "/versions", Body(request, Json.RegisterVersionRequest), Json.VersionResponse, cancellationToken);

    /// <inheritdoc />
    public Task<VersionListResponse> SetDefaultVersionAsync(string model, string version, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, VersionPath(model, version) + "/default", ReasonBody(reason), Json.VersionListResponse, cancellationToken);

    /// <inheritdoc />
    public Task<VersionListResponse> RetireVersionAsync(string model, string version, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, VersionPath(model, version) + "/retire", ReasonBody(reason), Json.VersionListResponse, cancellationToken);

    /// <inheritdoc />
    public async Task<RollbackResult> RollbackAsync(string model, string? reason = null, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Post, ModelPath(model) + "/rollback", ReasonBody(reason), cancellationToken);

        // The gateway answers either the aborted release or the restored default; only the latter has this action.
        var restored = Deserialize(answer, Json.DefaultRollbackResponse);
        return restored.Action == DefaultRollbackResponse.DefaultRolledBack
            ? new RollbackResult(null, restored)
            : new RollbackResult(Deserialize(answer, Json.ExperimentResponse), null);
    }

    /// <inheritdoc />
    public Task<ModelResponse> SetFaultAsync(string model, string version, FaultInjectionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, VersionPath(model, version) + "/fault", Body(request, Json.FaultInjectionRequest), Json.ModelResponse, cancellationToken);

    /// <inheritdoc />
    public Task<ModelResponse> ClearFaultAsync(string model, string version, string reason, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, VersionPath(model, version) + "/fault", ReasonBody(reason), Json.ModelResponse, cancellationToken);

    /// <inheritdoc />
    public Task<ExperimentResponse> StartCanaryAsync(string model, CanaryRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, ModelPath(model) + "/canary", Body(request, Json.CanaryRequest), Json.ExperimentResponse, cancellationToken);

    /// <inheritdoc />
    public Task<ExperimentResponse> StartAbTestAsync(string model, AbTestRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, ModelPath(model) + "/experiments", Body(request, Json.AbTestRequest), Json.ExperimentResponse, cancellationToken);

    /// <inheritdoc />
    public Task<ExperimentResponse> GetExperimentAsync(string model, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ModelPath(model) + "/experiment", null, Json.ExperimentResponse, cancellationToken);

    /// <inheritdoc />
    public Task<ExperimentResponse> PromoteAsync(string model, string? reason = null, CancellationToken cancellationToken = default) =>
        OperateReleaseAsync(model, "promote", reason, cancellationToken);

    /// <inheritdoc />
    public Task<ExperimentResponse> AbortAsync(string model, string? reason = null, CancellationToken cancellationToken = default) =>
        OperateReleaseAsync(model, "abort", reason, cancellationToken);

    /// <inheritdoc />
    public Task<ExperimentResponse> PauseAsync(string model, string? reason = null, CancellationToken cancellationToken = default) =>
        OperateReleaseAsync(model, "pause", reason, cancellationToken);

    /// <inheritdoc />
    public Task<ExperimentResponse> ResumeAsync(string model, string? reason = null, CancellationToken cancellationToken = default) =>
        OperateReleaseAsync(model, "resume", reason, cancellationToken);

    /// <inheritdoc />
    public Task<FeedbackResponse> SendFeedbackAsync(string model, FeedbackRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, ModelPath(model) + "/feedback", Body(request, Json.FeedbackRequest), Json.FeedbackResponse, cancellationToken);

    /// <inheritdoc />
    public Task<ScalingResponse> GetScalingAsync(string model, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ModelPath(model) + "/scaling", null, Json.ScalingResponse, cancellationToken);

    /// <inheritdoc />
    public Task<ScalingResponse> UpdateScalingAsync(string model, UpdateScalingRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, ModelPath(model) + "/scaling", Body(request, Json.UpdateScalingRequest), Json.ScalingResponse, cancellationToken);

    /// <inheritdoc />
    public Task<SecretStatusResponse> GetSecretsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v1/secrets", null, Json.SecretStatusResponse, cancellationToken);

    /// <inheritdoc />
    public Task<SecretAuditResponse> GetSecretAuditAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        return SendAsync(HttpMethod.Get, $"v1/audit/secrets?limit={limit}", null, Json.SecretAuditResponse, cancellationToken);
    }

    /// <inheritdoc />
    public Task<EventsResponse> GetEventsAsync(string? model = null, long after = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        var query = $"v1/events?after={after}";
        if (!string.IsNullOrEmpty(model))
        {
            query += "&model=" + Uri.EscapeDataString(model);
        }

        return SendAsync(HttpMethod.Get, query, null, Json.EventsResponse, cancellationToken);
    }

    private Task<ExperimentResponse> OperateReleaseAsync(string model, string operation, string? reason, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{ModelPath(model)}/{operation}", ReasonBody(reason), Json.ExperimentResponse, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> answer, CancellationToken cancellationToken) =>
        Deserialize(await SendAsync(method, path, body, cancellationToken), answer);

    private async Task<byte[]> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseAddress, path)) { Content = body };
        if (!string.IsNullOrEmpty(_options.Actor))
        {
            request.Headers.Add("x-fabric-actor", _options.Actor);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        if (_credential is not null)
        {
            request.Headers.Authorization = await _credential.GetHeaderAsync(timeout.Token).ConfigureAwait(false);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? content : throw Refusal(response, content, ScopeOf(method, path));
    }

    /// <summary>The scope the gateway asks of a call, for the hint on a 401 or 403.</summary>
    private static string ScopeOf(HttpMethod method, string path) =>
        path.Contains("/fault", StringComparison.Ordinal) ? FabricScopes.Faults
        : path.EndsWith("/feedback", StringComparison.Ordinal) ? FabricScopes.Feedback
        : method == HttpMethod.Get ? FabricScopes.Read
        : FabricScopes.Manage;

    private static T Deserialize<T>(byte[] content, JsonTypeInfo<T> answer)
    {
        try
        {
            return JsonSerializer.Deserialize(content, answer)
                ?? throw new JsonException($"the gateway answered JSON null where a {typeof(T).Name} was expected");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The gateway's answer is not a {typeof(T).Name}: {ex.Message} Is the base address a ServingFabric gateway of the same API version?", ex);
        }
    }

    private FabricManagementException Refusal(HttpResponseMessage response, byte[] content, string scope)
    {
        string? message = null;
        try
        {
            message = content.Length == 0 ? null : JsonSerializer.Deserialize(content, Json.ErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            // A proxy in front of the gateway may answer with HTML; then the status alone says what happened.
        }

        var gatewayMessage = string.IsNullOrEmpty(message)
            ? $"The gateway answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} without an error message."
            : message;
        var hint = AccessRefusalHint.For(response.StatusCode, _credential?.Kind, nameof(FabricManagementClientOptions), scope);
        return new FabricManagementException(response.StatusCode, hint is null ? gatewayMessage : AccessRefusalHint.Append(gatewayMessage, hint))
        {
            GatewayMessage = gatewayMessage,
            RequiredScope = hint is null ? null : scope,
            CredentialSent = _credential is not null,
        };
    }

    private static ByteArrayContent Body<T>(T request, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private static ByteArrayContent? ReasonBody(string? reason) =>
        reason is null ? null : Body(new ReasonRequest { Reason = reason }, Json.ReasonRequest);

    // Names are escaped although the gateway only accepts URL-safe names: an invalid name must reach it as itself
    // and be refused with its message, not change the path (for example "a/versions/2").
    private static string ModelPath(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        return "v1/models/" + Uri.EscapeDataString(model);
    }

    private static string VersionPath(string model, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        return ModelPath(model) + "/versions/" + Uri.EscapeDataString(version);
    }
}
