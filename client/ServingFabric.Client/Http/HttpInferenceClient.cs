using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;

namespace ServingFabric.Client;

/// <summary>
/// <see cref="IInferenceClient"/> over the Open Inference Protocol (KServe V2 / Triton REST), with Triton's binary
/// tensor extension when <see cref="ServingFabricClientOptions.UseBinaryTensors"/> is set. Each call is bounded by
/// its deadline, not by <see cref="HttpClient.Timeout"/>: give it an <see cref="HttpClient"/> whose timeout is
/// infinite (the registration by <c>AddServingFabricClient</c> does) or at least as long as any deadline.
/// </summary>
public sealed partial class HttpInferenceClient : IInferenceClient
{
    private readonly HttpClient _httpClient;
    private readonly ServingFabricClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Uri _baseAddress;

    /// <summary>Creates a client; the gateway is <paramref name="httpClient"/>'s base address, else the options'.</summary>
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
        var baseAddress = httpClient.BaseAddress ?? _options.BaseAddress
            ?? throw new ArgumentException(
                "No gateway address: set ServingFabricClientOptions.BaseAddress (or HttpClient.BaseAddress), for example http://localhost:8080/.",
                nameof(httpClient));
        _baseAddress = WithTrailingSlash(baseAddress);
    }

    /// <inheritdoc />
    public async Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = CallDeadline.Start(
            CallDeadline.For(request, _options.DefaultTimeout, _timeProvider), _timeProvider, cancellationToken);

        var body = OipRequestCodec.Write(request, binaryInputs: _options.UseBinaryTensors, binaryOutputs: _options.UseBinaryTensors);
        using var message = new HttpRequestMessage(HttpMethod.Post, Resolve(OipPaths.Infer(request.ModelName, request.ModelVersion)))
        {
            Content = CreateContent(body),
        };
        if (body.InferenceHeaderLength is { } headerLength)
        {
            message.Headers.TryAddWithoutValidation(FabricHttpHeaders.InferenceHeaderContentLength, headerLength.ToString(CultureInfo.InvariantCulture));
        }

        // Whole milliseconds rounded up: rounding down could send 0, which reads as "already expired".
        var remainingMs = (long)Math.Ceiling(call.Remaining.TotalMilliseconds);
        message.Headers.TryAddWithoutValidation(FabricHttpHeaders.TimeoutMilliseconds, remainingMs.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(request.RoutingKey))
        {
            message.Headers.TryAddWithoutValidation(FabricHttpHeaders.RoutingKey, request.RoutingKey);
        }

        using var response = await SendAsync(message, call);
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
        using var message = new HttpRequestMessage(HttpMethod.Get, Resolve(OipPaths.Model(model, version)));
        using var response = await SendAsync(message, call);
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
    /// </summary>
    private async Task<bool> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        using var call = StartDefaultDeadline(cancellationToken);
        using var message = new HttpRequestMessage(HttpMethod.Get, Resolve(path));
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(message, call);
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

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CallDeadline call)
    {
        try
        {
            // ResponseContentRead (the default) buffers the body inside SendAsync, so the deadline covers it too.
            return await _httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, call.Token);
        }
        catch (OperationCanceledException ex) when (call.Expired)
        {
            throw CallDeadline.Exceeded(call.Deadline, ex);
        }
        catch (HttpRequestException ex)
        {
            LogGatewayUnreachable(_logger, _baseAddress, ex.Message);
            throw new InferenceException(
                InferenceErrorKind.Unavailable,
                $"Could not reach the ServingFabric gateway at {_baseAddress}: {ex.Message}. Check ServingFabricClientOptions.BaseAddress and that the gateway is running.",
                ex);
        }
    }

    private InferenceException Failed(HttpResponseMessage response, byte[] content, string? model)
    {
        var exception = OipHttpErrors.ToException(response, content, _timeProvider);
        LogCallFailed(_logger, message: exception.Message, model ?? "(server)", (int)response.StatusCode);
        return exception;
    }

    private CallDeadline StartDefaultDeadline(CancellationToken cancellationToken) =>
        CallDeadline.Start(_timeProvider.GetUtcNow() + _options.DefaultTimeout, _timeProvider, cancellationToken);

    private Uri Resolve(string relativePath) => new(_baseAddress, relativePath);

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
