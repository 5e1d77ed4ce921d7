using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;

namespace ServingFabric.Client;

/// <summary>
/// <see cref="IInferenceClient"/> over the Open Inference Protocol (KServe V2 / Triton REST), with Triton's binary
/// tensor extension when <see cref="ServingFabricClientOptions.UseBinaryTensors"/> is set. Each call is bounded by
/// its deadline, not by <see cref="HttpClient.Timeout"/>: give it an <see cref="HttpClient"/> whose timeout is
/// infinite (the registration by <c>AddServingFabricClient</c> does) or at least as long as any deadline.
/// With several gateways (<see cref="ServingFabricClientOptions.BaseAddresses"/>) calls rotate over them, and a call
/// whose gateway is unreachable or answers 502/503 (draining, not ready) moves on to the next one within its deadline.
/// </summary>
public sealed partial class HttpInferenceClient : IInferenceClient
{
    private readonly HttpClient _httpClient;
    private readonly ServingFabricClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly GatewayRotation _gateways;
    private readonly FabricCredential? _credential;

    /// <summary>
    /// Creates a client; the gateways are <paramref name="httpClient"/>'s base address (else the options'), then
    /// <see cref="ServingFabricClientOptions.BaseAddresses"/>.
    /// </summary>
    public HttpInferenceClient(HttpClient httpClient, ServingFabricClientOptions options)
        : this(httpClient, Options.Create(options), TimeProvider.System, NullLogger<HttpInferenceClient>.Instance)
    {
    }

    /// <summary>The constructor dependency injection uses.</summary>
    [ActivatorUtilitiesConstructor]
    public HttpInferenceClient(
        HttpClient httpClient,
        IOptions<ServingFabricClientOptions> options,
        TimeProvider timeProvider,
        ILogger<HttpInferenceClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var gateways = new[] { httpClient.BaseAddress ?? _options.BaseAddress }
            .Concat(_options.BaseAddresses ?? [])
            .OfType<Uri>()
            .Select(WithTrailingSlash)
            .Distinct()
            .ToArray();
        if (gateways.Length == 0)
        {
            throw new ArgumentException(
                "No gateway address: set ServingFabricClientOptions.BaseAddress or BaseAddresses (or HttpClient.BaseAddress), for example http://localhost:8080/.",
                nameof(httpClient));
        }

        _gateways = new GatewayRotation(gateways, _options.GatewayFailureCooldown, _timeProvider);
        _credential = FabricCredential.Create(nameof(ServingFabricClientOptions), _options.ApiKey, _options.ApiKeyFile, _options.AccessTokenProvider);
    }

    /// <inheritdoc />
    public async Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = CallDeadline.Start(
            CallDeadline.For(request, _options.DefaultTimeout, _timeProvider), _timeProvider, cancellationToken);

        var body = OipRequestCodec.Write(request, binaryInputs: _options.UseBinaryTensors, binaryOutputs: _options.UseBinaryTensors);
        var path = OipPaths.Infer(request.ModelName, request.ModelVersion);
        using var response = await SendAsync(gateway => CreateInferMessage(new Uri(gateway, path), body, request.RoutingKey, call), call, failOverOnUnavailable: true);
        var content = await response.Content.ReadAsByteArrayAsync(call.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw Failed(response, content, request.ModelName);
        }

        return OipResponseCodec.Read(content, ReadInferenceHeaderLength(response));
    }

    /// <inheritdoc />
    public async Task<ModelMetadata> GetModelMetadataAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        using var call = StartDefaultDeadline(cancellationToken);
        var path = OipPaths.Model(model, version);
        using var response = await SendAsync(gateway => new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, path)), call, failOverOnUnavailable: true);
        var content = await response.Content.ReadAsByteArrayAsync(call.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw Failed(response, content, model);
        }

        // The protocol's metadata lists versions rather than naming the one described; the asked-for version is it.
        var metadata = OipMetadataJson.ReadModelMetadata(content);
        return string.IsNullOrEmpty(version) ? metadata : metadata with { Version = version };
    }

    /// <inheritdoc />
    public Task<bool> IsModelReadyAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        ProbeAsync(OipPaths.ModelReady(model, version), cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsServerReadyAsync(CancellationToken cancellationToken = default) =>
        ProbeAsync(OipPaths.ServerReady, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsServerLiveAsync(CancellationToken cancellationToken = default) =>
        ProbeAsync(OipPaths.ServerLive, cancellationToken);

    /// <summary>
    /// A health endpoint: 200 is yes; "not here" or "not yet" answers (404, 502, 503, 504) and an unreachable
    /// gateway are no. Anything else (401, 500, ...) means the question could not be asked, so it throws.
    /// Only an unreachable gateway moves the question to the next one: a gateway's "not ready" is its answer.
    /// </summary>
    private async Task<bool> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        using var call = StartDefaultDeadline(cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(gateway => new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, path)), call, failOverOnUnavailable: false);
        }
        catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.Unavailable or InferenceErrorKind.DeadlineExceeded)
        {
            return false;
        }

        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    return true;
                case HttpStatusCode.NotFound or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout:
                    return false;
                default:
                    var content = await response.Content.ReadAsByteArrayAsync(call.Token);
                    throw Failed(response, content, model: null);
            }
        }
    }

    /// <summary>
    /// Sends to one gateway after another until one answers: a connection failure, or (when
    /// <paramref name="failOverOnUnavailable"/>) a 502/503 answer, moves the call to the next gateway, each gateway
    /// tried at most once and all within the call's deadline. The last gateway's answer, whatever it is, is returned.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> createMessage, CallDeadline call, bool failOverOnUnavailable)
    {
        var order = _gateways.NextOrder();
        var authorization = await GetAuthorizationAsync(call);
        List<string>? earlier = null;
        for (var attempt = 0; ; attempt++)
        {
            var gateway = order[attempt];
            var isLast = attempt == order.Count - 1;
            using var message = createMessage(gateway);
            message.Headers.Authorization = authorization;
            using var attemptTimer = isLast || _options.GatewayAttemptTimeout == Timeout.InfiniteTimeSpan
                ? null
                : new CancellationTokenSource(_options.GatewayAttemptTimeout, _timeProvider);
            using var attemptToken = attemptTimer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(call.Token, attemptTimer.Token);
            string failure;
            try
            {
                // ResponseContentRead (the default) buffers the body inside SendAsync, so the deadline covers it too.
                var response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptToken?.Token ?? call.Token);
                if (!failOverOnUnavailable || isLast || response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable))
                {
                    return response;
                }

                failure = $"HTTP {(int)response.StatusCode}";
                response.Dispose();
            }
            catch (OperationCanceledException ex) when (call.Expired)
            {
                throw CallDeadline.Exceeded(call.Deadline, ex);
            }
            catch (OperationCanceledException) when (attemptTimer is { IsCancellationRequested: true } && !call.Token.IsCancellationRequested)
            {
                // Accepted but not answered in time (a frozen process): the next gateway gets the rest of the deadline.
                failure = $"no answer within GatewayAttemptTimeout ({_options.GatewayAttemptTimeout.TotalSeconds:0.###} s)";
            }
            catch (OperationCanceledException ex) when (!isLast && IsConnectTimeout(ex, call))
            {
                // SocketsHttpHandler's ConnectTimeout ends as a cancellation, not an HttpRequestException: a gateway that
                // cannot even be connected to (a frozen process whose listen backlog is full) is unreachable like a refused one.
                failure = ex.Message;
            }
            catch (HttpRequestException ex) when (!isLast)
            {
                failure = ex.Message;
            }
            catch (HttpRequestException ex)
            {
                _gateways.MarkFailed(gateway);
                LogGatewayUnreachable(_logger, gateway, ex.Message);
                throw new InferenceException(
                    InferenceErrorKind.Unavailable,
                    order.Count == 1
                        ? $"Could not reach the ServingFabric gateway at {gateway}: {ex.Message}. Check ServingFabricClientOptions.BaseAddress and that the gateway is running."
                        : $"Could not reach any of the {order.Count} ServingFabric gateways ({string.Join("; ", [.. earlier ?? [], $"{gateway}: {ex.Message}"])}). Check ServingFabricClientOptions.BaseAddresses and that the gateways are running.",
                    ex);
            }

            _gateways.MarkFailed(gateway);
            LogFailingOver(_logger, gateway, failure, order[attempt + 1]);
            (earlier ??= []).Add($"{gateway}: {failure}");
        }
    }

    /// <summary>The handler gave up connecting: a cancellation carrying a TimeoutException while neither the caller nor the deadline cancelled.</summary>
    private static bool IsConnectTimeout(OperationCanceledException exception, CallDeadline call) =>
        !call.Token.IsCancellationRequested && exception.InnerException is TimeoutException;

    private HttpRequestMessage CreateInferMessage(Uri address, EncodedBody body, string? routingKey, CallDeadline call)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, address) { Content = CreateContent(body) };
        if (body.InferenceHeaderLength is { } headerLength)
        {
            message.Headers.TryAddWithoutValidation(FabricHttpHeaders.InferenceHeaderContentLength, headerLength.ToString(CultureInfo.InvariantCulture));
        }

        // What is left now (a retry has less than the first attempt), in whole milliseconds rounded up: rounding down
        // could send 0, which reads as "already expired".
        var remaining = call.Deadline - _timeProvider.GetUtcNow();
        var remainingMs = Math.Max(1, (long)Math.Ceiling(remaining.TotalMilliseconds));
        message.Headers.TryAddWithoutValidation(FabricHttpHeaders.TimeoutMilliseconds, remainingMs.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(routingKey))
        {
            message.Headers.TryAddWithoutValidation(FabricHttpHeaders.RoutingKey, routingKey);
        }

        return message;
    }

    /// <summary>The credential's header for this call (one token for all its attempts); null when none is configured.</summary>
    private async ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CallDeadline call)
    {
        if (_credential is null)
        {
            return null;
        }

        try
        {
            return await _credential.GetHeaderAsync(call.Token);
        }
        catch (OperationCanceledException ex) when (call.Expired)
        {
            throw CallDeadline.Exceeded(call.Deadline, ex);
        }
    }

    private InferenceException Failed(HttpResponseMessage response, byte[] content, string? model)
    {
        var exception = OipHttpErrors.ToException(response, content, _timeProvider);
        var scope = model is null ? FabricScopes.Inference : $"{FabricScopes.Inference}:{model}";
        if (AccessRefusalHint.For(response.StatusCode, _credential?.Kind, nameof(ServingFabricClientOptions), scope) is { } hint)
        {
            exception = new InferenceException(exception.Kind, AccessRefusalHint.Append(exception.Message, hint))
            {
                RetryAfterSeconds = exception.RetryAfterSeconds,
            };
        }

        LogCallFailed(_logger, message: exception.Message, model ?? "(server)", (int)response.StatusCode);
        return exception;
    }

    private CallDeadline StartDefaultDeadline(CancellationToken cancellationToken) =>
        CallDeadline.Start(_timeProvider.GetUtcNow() + _options.DefaultTimeout, _timeProvider, cancellationToken);

    private static ByteArrayContent CreateContent(EncodedBody body)
    {
        var content = new ByteArrayContent(body.Content);
        content.Headers.ContentType = new MediaTypeHeaderValue(
            body.InferenceHeaderLength is null ? FabricHttpHeaders.JsonContentType : FabricHttpHeaders.BinaryContentType);
        return content;
    }

    private static int? ReadInferenceHeaderLength(HttpResponseMessage response)
    {
        // Servers put it among the response headers; some HTTP stacks file unknown headers under the content.
        if (!response.Headers.TryGetValues(FabricHttpHeaders.InferenceHeaderContentLength, out var values)
            && !response.Content.Headers.TryGetValues(FabricHttpHeaders.InferenceHeaderContentLength, out values))
        {
            return null;
        }

        var text = values.FirstOrDefault();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw new InferenceException(
                InferenceErrorKind.Internal,
                $"The gateway's {FabricHttpHeaders.InferenceHeaderContentLength} header '{text}' is not a non-negative integer.");
    }

    private static Uri WithTrailingSlash(Uri address) =>
        address.AbsolutePath.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
