using Grpc.Core;
using Grpc.Net.Client;
using ServingFabric.Perf.Measurement;
using ServingFabric.Protocol.Grpc;

namespace ServingFabric.Perf.Paths;

/// <summary>
/// KServe V2's <c>ModelInfer</c> over gRPC (HTTP/2 cleartext on loopback) with the request built once, tensors as
/// <c>raw_input_contents</c> as Triton's clients send them, so the measurement is the gateway and the fabric, not
/// this process's encoder. The answer is received (and parsed by the generated code, as any gRPC client must).
/// </summary>
internal sealed class GrpcPath : IRequestPath, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client;
    private readonly ModelInferRequest _request;

    public GrpcPath(Uri address, IPayloadSource payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        // One HTTP/2 connection multiplexes every client, as Grpc.Net.Client does by default; a second one opens only
        // past the server's concurrent-stream limit.
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            HttpHandler = new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = true },
        });
        _client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        var request = payload.Request(0);
        _request = GrpcInferCodec.WriteRequest(request, raw: true);
        Model = request.ModelName;
    }

    public string Name => "grpc";

    public string Model { get; }

    public int RowsPerRequest => 1;

    public async ValueTask<RequestOutcome> SendAsync(long sequence)
    {
        try
        {
            await _client.ModelInferAsync(_request, deadline: DateTime.UtcNow.AddSeconds(60));
            return RequestOutcome.Ok;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable)
        {
            return RequestOutcome.Refused;
        }
    }

    public void Dispose() => _channel.Dispose();
}
