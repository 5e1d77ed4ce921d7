using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Client.Tests.Grpc;

/// <summary>The SDK's gRPC transport against a scripted gateway: encodings, credential, deadline, and every status as the HTTP transport's error.</summary>
public sealed class GrpcInferenceClientTests : IAsyncLifetime
{
    private ScriptedGrpcGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await ScriptedGrpcGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InferAsync_RawOrTyped_RoundTripsTheTensorsWithKeyAndDeadline(bool raw)
    {
        using var client = Create(o => { o.UseBinaryTensors = raw; o.ApiKey = "sf_test-key-0123456789"; });
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        var request = new InferenceRequest("r-1", "iris", null,
            [TensorFactory.Create("x", [2], new[] { 1.5f, -2f }), TensorFactory.Create("s", [1], ["héllo"])]) { Deadline = deadline };

        var response = await client.InferAsync(request);

        Assert.Equal("r-1", response.Id);
        Assert.Equal(request.Inputs.Select(t => t.Data), response.Outputs.Select(t => t.Data));
        Assert.Equal("Bearer sf_test-key-0123456789", _gateway.Calls.Authorization);
        Assert.InRange(_gateway.Calls.Deadline, deadline.UtcDateTime.AddSeconds(-1), deadline.UtcDateTime.AddSeconds(1));
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument, InferenceErrorKind.InvalidInput)]
    [InlineData(StatusCode.NotFound, InferenceErrorKind.NotFound)]
    [InlineData(StatusCode.ResourceExhausted, InferenceErrorKind.QueueFull)]
    [InlineData(StatusCode.Unavailable, InferenceErrorKind.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded, InferenceErrorKind.DeadlineExceeded)]
    [InlineData(StatusCode.Unauthenticated, InferenceErrorKind.Unauthorized)]
    [InlineData(StatusCode.PermissionDenied, InferenceErrorKind.Forbidden)]
    [InlineData(StatusCode.Internal, InferenceErrorKind.Internal)]
    public async Task InferAsync_GatewayStatus_IsTheHttpTransportsErrorKind(StatusCode status, InferenceErrorKind expected)
    {
        _gateway.Calls.Failure = new RpcException(new Status(status, "what went wrong"), new Metadata { { "retry-after", "3" } });
        using var client = Create();

        var error = await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(Request()));

        Assert.Equal(expected, error.Kind);
        Assert.Equal("what went wrong", error.Message);
        Assert.Equal(3, error.RetryAfterSeconds);
    }

    [Fact]
    public async Task InferAsync_DeadlineAlreadyPassed_FailsBeforeSending()
    {
        using var client = Create();

        var error = await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(Request() with { Deadline = DateTimeOffset.UtcNow.AddSeconds(-1) }));

        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        Assert.Null(_gateway.Calls.Authorization);
    }

    [Fact]
    public async Task IsModelReadyAsync_UnknownModel_IsFalseNotAnError()
    {
        using var client = Create();

        Assert.True(await client.IsModelReadyAsync("iris"));
        Assert.False(await client.IsModelReadyAsync("nosuch"));
    }

    [Fact]
    public void AddServingFabricClient_Grpc_ResolvesGrpcClient_AndValidates()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddServingFabricClient(o => { o.Transport = ServingFabricTransport.Grpc; o.BaseAddress = _gateway.Address; });
        using var provider = services.BuildServiceProvider();
        Assert.IsType<GrpcInferenceClient>(provider.GetRequiredService<IInferenceClient>());

        var bad = new ServiceCollection().AddLogging();
        bad.AddServingFabricClient(o => { o.Transport = ServingFabricTransport.Grpc; o.BaseAddresses = [new Uri("http://a:8081")]; });
        using var badProvider = bad.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<ServingFabricClientOptions>>().Value);
        Assert.Contains("must be the gateway's gRPC listener for the Grpc transport", error.Message, StringComparison.Ordinal);
        Assert.Contains("BaseAddresses is for the Http transport", error.Message, StringComparison.Ordinal);
    }

    private GrpcInferenceClient Create(Action<ServingFabricClientOptions>? configure = null)
    {
        var options = new ServingFabricClientOptions { Transport = ServingFabricTransport.Grpc, BaseAddress = _gateway.Address };
        configure?.Invoke(options);
        return new GrpcInferenceClient(Options.Create(options), TimeProvider.System);
    }

    private static InferenceRequest Request() => new("r", "iris", null, [TensorFactory.Create("x", [1], new[] { 1f })]);
}
