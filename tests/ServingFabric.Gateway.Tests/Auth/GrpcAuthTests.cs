using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using ServingFabric.Protocol.Grpc;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// The gRPC listener over TLS with API keys: the same authentication and per-model scopes as REST, refusals as gRPC
/// statuses (UNAUTHENTICATED, PERMISSION_DENIED) that say what to send, health open to anyone.
/// </summary>
[Collection(AuthGatewayCollection.Name)]
public sealed class GrpcAuthTests(AuthGatewayFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.GrpcAddress, new GrpcChannelOptions { HttpHandler = AuthGatewayFixture.CreateHandler() });

    private GRPCInferenceService.GRPCInferenceServiceClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task ServerLiveAndReady_NoCredential_Answer()
    {
        Assert.True((await Client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await Client.ServerReadyAsync(new ServerReadyRequest())).Ready);
    }

    [Fact]
    public async Task ModelInfer_NoCredential_UnauthenticatedSayingWhatToSend()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(IrisRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("needs a credential: send Authorization: Bearer", error.Status.Detail);
    }

    [Fact]
    public async Task ModelInfer_UnknownKey_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(IrisRequest(), Bearer("sf_not-a-real-key-0000000000")).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Theory]
    [InlineData("ops-all")]
    [InlineData("pattern-match")]
    public async Task ModelInfer_KeyWithInferenceForTheModel_Answers(string key)
    {
        var response = await Client.ModelInferAsync(IrisRequest(), Bearer(fixture.Credentials.Key(key)));

        Assert.Equal("iris", response.ModelName);
        Assert.Equal(2, response.RawOutputContents.Count);
    }

    [Theory]
    [InlineData("all-but-inference")]
    [InlineData("pattern-miss")]
    public async Task ModelInferMetadataReady_KeyWithoutInferenceForTheModel_PermissionDeniedNamingScopeAndModel(string key)
    {
        var headers = Bearer(fixture.Credentials.Key(key));

        var infer = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(IrisRequest(), headers).ResponseAsync);
        var metadata = await Assert.ThrowsAsync<RpcException>(() => Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris" }, headers).ResponseAsync);
        var ready = await Assert.ThrowsAsync<RpcException>(() => Client.ModelReadyAsync(new ModelReadyRequest { Name = "iris" }, headers).ResponseAsync);

        Assert.All([infer, metadata, ready], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Contains("lacks scope 'inference' for model 'iris'", infer.Status.Detail);
        Assert.Contains("inference:iris", infer.Status.Detail);
    }

    [Fact]
    public async Task RepositoryRpcs_KeyWithoutReadOrManage_PermissionDenied()
    {
        var index = await Assert.ThrowsAsync<RpcException>(() => Client.RepositoryIndexAsync(
            new RepositoryIndexRequest(), Bearer(fixture.Credentials.Key("all-but-read"))).ResponseAsync);
        var unload = await Assert.ThrowsAsync<RpcException>(() => Client.RepositoryModelUnloadAsync(
            new RepositoryModelUnloadRequest { ModelName = "iris" }, Bearer(fixture.Credentials.Key("all-but-manage"))).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (index.StatusCode, unload.StatusCode));
        Assert.Contains("lacks scope 'manage' for model 'iris'", unload.Status.Detail);
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "iris" }, Bearer(fixture.Credentials.Key("ops-all")))).Ready);
    }

    [Fact]
    public async Task ServerLive_OnTheHttpsRestListener_UnimplementedNamingTheGrpcUrl()
    {
        using var rest = GrpcChannel.ForAddress(fixture.Address, new GrpcChannelOptions { HttpHandler = AuthGatewayFixture.CreateHandler() });

        var error = await Assert.ThrowsAsync<RpcException>(() => new GRPCInferenceService.GRPCInferenceServiceClient(rest).ServerLiveAsync(new ServerLiveRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("ServingFabric:Gateway:GrpcUrl", error.Status.Detail);
    }

    private static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    private static ModelInferRequest IrisRequest()
    {
        var request = new ModelInferRequest { ModelName = "iris" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32" };
        input.Shape.Add([1, 4]);
        request.Inputs.Add(input);
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[16]));
        return request;
    }
}
