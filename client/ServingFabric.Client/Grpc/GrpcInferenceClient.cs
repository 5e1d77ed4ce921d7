using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol.Grpc;
using ServingFabric.Tensors;

namespace ServingFabric.Client;

/// <summary>
/// <see cref="IInferenceClient"/> over the Open Inference Protocol's gRPC service (KServe V2
/// <c>inference.GRPCInferenceService</c>) at <see cref="ServingFabricClientOptions.BaseAddress"/>, the gateway's
/// <c>ServingFabric:Gateway:GrpcUrl</c>. Tensors travel as raw contents when
/// <see cref="ServingFabricClientOptions.UseBinaryTensors"/> is set (exact bytes, as Triton's clients send them),
/// else as typed contents. The call's deadline is the gRPC deadline, which the gateway makes the request's deadline.
/// </summary>
public sealed class GrpcInferenceClient : IInferenceClient, IDisposable
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client;
    private readonly GrpcChannel? _ownedChannel;
    private readonly ServingFabricClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly FabricCredential? _credential;

    /// <summary>A client on its own channel to <see cref="ServingFabricClientOptions.BaseAddress"/>; dispose it to close the channel.</summary>
    public GrpcInferenceClient(IOptions<ServingFabricClientOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var address = _options.BaseAddress ?? throw new ArgumentException(
            "No gateway address: set ServingFabricClientOptions.BaseAddress to the gateway's gRPC listener, for example http://localhost:8081/.", nameof(options));
        _ownedChannel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = null });
        _client = new GRPCInferenceService.GRPCInferenceServiceClient(_ownedChannel);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _credential = FabricCredential.Create(nameof(ServingFabricClientOptions), _options.ApiKey, _options.ApiKeyFile, _options.AccessTokenProvider);
    }

    /// <summary>A client on a channel the caller owns (and disposes).</summary>
    public GrpcInferenceClient(CallInvoker invoker, ServingFabricClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _client = new GRPCInferenceService.GRPCInferenceServiceClient(invoker);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _credential = FabricCredential.Create(nameof(ServingFabricClientOptions), _options.ApiKey, _options.ApiKeyFile, _options.AccessTokenProvider);
    }

    /// <inheritdoc />
    public async Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deadline = CallDeadline.For(request, _options.DefaultTimeout, _timeProvider);
        var message = GrpcInferCodec.WriteRequest(request, raw: _options.UseBinaryTensors);
        var response = await CallAsync(o => _client.ModelInferAsync(message, o).ResponseAsync, deadline, cancellationToken);
        return GrpcInferCodec.ReadResponse(response);
    }

    /// <inheritdoc />
    public async Task<ModelMetadata> GetModelMetadataAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        var response = await CallAsync(
            o => _client.ModelMetadataAsync(new ModelMetadataRequest { Name = model, Version = version ?? string.Empty }, o).ResponseAsync,
            DefaultDeadline(), cancellationToken);
        return new ModelMetadata(
            response.Name,
            response.Versions.FirstOrDefault() ?? string.Empty,
            response.Platform,
            [.. response.Inputs.Select(Describe)],
            [.. response.Outputs.Select(Describe)],
            MaxBatchSize: 0);
    }

    /// <inheritdoc />
    public async Task<bool> IsModelReadyAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        try
        {
            var response = await CallAsync(
                o => _client.ModelReadyAsync(new ModelReadyRequest { Name = model, Version = version ?? string.Empty }, o).ResponseAsync,
                DefaultDeadline(), cancellationToken);
            return response.Ready;
        }
        catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.NotFound or InferenceErrorKind.Unavailable or InferenceErrorKind.DeadlineExceeded)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsServerReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return (await CallAsync(o => _client.ServerReadyAsync(new ServerReadyRequest(), o).ResponseAsync, DefaultDeadline(), cancellationToken)).Ready;
        }
        catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.Unavailable or InferenceErrorKind.DeadlineExceeded)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsServerLiveAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return (await CallAsync(o => _client.ServerLiveAsync(new ServerLiveRequest(), o).ResponseAsync, DefaultDeadline(), cancellationToken)).Live;
        }
        catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.Unavailable or InferenceErrorKind.DeadlineExceeded)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _ownedChannel?.Dispose();

    private DateTimeOffset DefaultDeadline() => _timeProvider.GetUtcNow() + _options.DefaultTimeout;

    // A deadline already past fails before anything is sent, as over HTTP; the caller's cancellation stays an OperationCanceledException.
    private async Task<T> CallAsync<T>(Func<CallOptions, Task<T>> call, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        using var _ = CallDeadline.Start(deadline, _timeProvider, cancellationToken);
        var headers = new Metadata();
        if (_credential is not null)
        {
            headers.Add("authorization", (await _credential.GetHeaderAsync(cancellationToken)).ToString());
        }

        try
        {
            return await call(new CallOptions(headers, deadline.UtcDateTime, cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was cancelled.", ex, cancellationToken);
        }
        catch (RpcException ex)
        {
            throw GrpcInferenceErrors.From(ex);
        }
    }

    private static TensorMetadata Describe(ModelMetadataResponse.Types.TensorMetadata tensor) =>
        TensorDataTypes.TryParse(tensor.Datatype, out var type)
            ? new TensorMetadata(tensor.Name, type.Value, [.. tensor.Shape])
            : throw new InferenceException(InferenceErrorKind.Internal,
                $"The server's model metadata is malformed: tensor '{tensor.Name}' has datatype '{tensor.Datatype}', not one of {string.Join(", ", TensorDataTypes.AllWireNames)}.");
}
