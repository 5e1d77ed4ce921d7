using System.Buffers.Binary;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using ServingFabric.Protocol.Grpc;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Grpc;

/// <summary>KServe V2's gRPC service over real HTTP/2 (h2c) on loopback, against a whole silo serving the iris sample.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GrpcInferenceServiceTests(GatewayFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.GrpcAddress);

    private GRPCInferenceService.GRPCInferenceServiceClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task ServerLiveAndReady_RunningSilo_AreTrue()
    {
        Assert.True((await Client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await Client.ServerReadyAsync(new ServerReadyRequest())).Ready);
    }

    [Fact]
    public async Task ServerMetadata_Always_MatchesRestMetadata()
    {
        var metadata = await Client.ServerMetadataAsync(new ServerMetadataRequest());

        using var rest = JsonDocument.Parse(await fixture.Http.GetStringAsync("/v2"));
        Assert.Equal(rest.RootElement.GetProperty("name").GetString(), metadata.Name);
        Assert.Equal(rest.RootElement.GetProperty("version").GetString(), metadata.Version);
        Assert.Equal(rest.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()), metadata.Extensions);
    }

    [Fact]
    public async Task ModelReadyAndMetadata_Iris_DescribeTheModel()
    {
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "iris" })).Ready);
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "iris", Version = "1" })).Ready);

        var metadata = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris" });

        Assert.Equal("iris", metadata.Name);
        Assert.Equal(["1"], metadata.Versions);
        var input = Assert.Single(metadata.Inputs);
        Assert.Equal(("input", "FP32"), (input.Name, input.Datatype));
        Assert.Equal([-1L, 4L], input.Shape);
        Assert.Equal(["probabilities", "label"], metadata.Outputs.Select(o => o.Name));
    }

    [Fact]
    public async Task ModelInfer_TypedContents_AnswersTypedReferenceOutputs()
    {
        var rows = IrisReference.Rows(3, seed: 7);
        var request = IrisRequest(3, "typed-1");
        request.Inputs[0].Contents = new InferTensorContents();
        request.Inputs[0].Contents.Fp32Contents.Add(rows);

        var response = await Client.ModelInferAsync(request);

        Assert.Equal(("typed-1", "iris", "1"), (response.Id, response.ModelName, response.ModelVersion));
        Assert.Empty(response.RawOutputContents);
        var probabilities = response.Outputs.Single(o => o.Name == "probabilities");
        var label = response.Outputs.Single(o => o.Name == "label");
        Assert.Equal(("FP32", "INT64"), (probabilities.Datatype, label.Datatype));
        Assert.Equal([3L, 3L], probabilities.Shape);
        for (var row = 0; row < 3; row++)
        {
            var (expected, expectedLabel) = IrisReference.Compute(rows.AsSpan(row * 4, 4));
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(expected[c], probabilities.Contents.Fp32Contents[(row * 3) + c], 5);
            }

            Assert.Equal(expectedLabel, label.Contents.Int64Contents[row]);
        }
    }

    [Fact]
    public async Task ModelInfer_RawContents_AnswersRawReferenceOutputs()
    {
        var rows = IrisReference.Rows(2, seed: 8);
        var request = IrisRequest(2, "raw-1");
        request.RawInputContents.Add(ByteString.CopyFrom(FloatBytes(rows)));

        var response = await Client.ModelInferAsync(request);

        Assert.Equal(2, response.RawOutputContents.Count);
        Assert.All(response.Outputs, o => Assert.Null(o.Contents));
        var labelIndex = response.Outputs.ToList().FindIndex(o => o.Name == "label");
        var labels = response.RawOutputContents[labelIndex].Span;
        Assert.Equal(16, labels.Length);
        for (var row = 0; row < 2; row++)
        {
            Assert.Equal(IrisReference.Compute(rows.AsSpan(row * 4, 4)).Label, BinaryPrimitives.ReadInt64LittleEndian(labels[(row * 8)..]));
        }
    }

    [Fact]
    public async Task ModelInfer_RawLengthNotShapeTimesDatatype_InvalidArgumentNamingTheField()
    {
        var request = IrisRequest(1, "raw-bad");
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[15]));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("raw_input_contents[0] length is 15", error.Status.Detail);
        Assert.Contains("needs 16 bytes", error.Status.Detail);
    }

    [Fact]
    public async Task ModelInfer_ContentsInTheWrongField_InvalidArgumentNamingTheRightOne()
    {
        var request = IrisRequest(1, "typed-bad");
        request.Inputs[0].Contents = new InferTensorContents();
        request.Inputs[0].Contents.Fp64Contents.Add([1, 2, 3, 4]);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("contents.fp64_contents is set; put its 4 values in contents.fp32_contents", error.Status.Detail);
    }

    [Fact]
    public async Task ModelInfer_InputTheModelLacks_InvalidArgumentFromTheSameValidationAsRest()
    {
        var request = IrisRequest(1, "wrong-name");
        request.Inputs[0].Name = "features";
        request.Inputs[0].Contents = new InferTensorContents();
        request.Inputs[0].Contents.Fp32Contents.Add([1, 2, 3, 4]);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("features", error.Status.Detail);
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("../etc")]
    [InlineData("")]
    public async Task ModelInferAndMetadata_UnknownModel_NotFound(string model)
    {
        var request = IrisRequest(1, "unknown");
        request.ModelName = model;
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[16]));

        var infer = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);
        var metadata = await Assert.ThrowsAsync<RpcException>(() => Client.ModelMetadataAsync(new ModelMetadataRequest { Name = model }).ResponseAsync);
        var ready = await Assert.ThrowsAsync<RpcException>(() => Client.ModelReadyAsync(new ModelReadyRequest { Name = model }).ResponseAsync);

        Assert.Equal([StatusCode.NotFound, StatusCode.NotFound, StatusCode.NotFound], [infer.StatusCode, metadata.StatusCode, ready.StatusCode]);
        Assert.Contains("unknown model", infer.Status.Detail);
    }

    [Fact]
    public async Task EveryModelRpc_NameOrVersionOfMegabytes_InvalidArgumentWithoutEchoingIt()
    {
        var huge = new string('m', 1_000_000);
        var request = IrisRequest(1, "huge");
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[16]));

        RpcException[] errors =
        [
            await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request.Clone().Also(r => r.ModelName = huge)).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request.Clone().Also(r => r.ModelVersion = huge)).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris", Version = huge }).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => Client.ModelReadyAsync(new ModelReadyRequest { Name = huge }).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => Client.RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = huge }).ResponseAsync),
        ];

        Assert.All(errors, e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.All(errors, e => Assert.Contains("is 1000000 bytes; the limit is 256", e.Status.Detail));
        Assert.All(errors, e => Assert.True(e.Status.Detail.Length < 300, e.Status.Detail));
    }

    [Fact]
    public async Task ModelInfer_MessageOverTheBodyLimit_ResourceExhausted()
    {
        var request = IrisRequest(1, "too-large");
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[GatewayFixture.MaxBodyBytes + 1]));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task ModelInfer_DeadlineAlreadyPassed_DeadlineExceeded()
    {
        var request = IrisRequest(1, "late");
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[16]));

        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.ModelInferAsync(request, deadline: DateTime.UtcNow.AddMilliseconds(-1)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task ModelInfer_HostileRoutingKeyHeader_InvalidArgument()
    {
        var request = IrisRequest(1, "routing");
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[16]));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(
            request, new Metadata { { "x-fabric-routing-key", new string('k', 300) } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("x-fabric-routing-key", error.Status.Detail);
    }

    [Fact]
    public async Task RepositoryIndex_Always_ListsTheServedModels()
    {
        var index = await Client.RepositoryIndexAsync(new RepositoryIndexRequest { Ready = true });

        var iris = Assert.Single(index.Models, m => m.Name == "iris");
        Assert.Equal(("1", "READY"), (iris.Version, iris.State));
    }

    [Fact]
    public async Task RepositoryModelUnload_UnknownModel_NotFoundAndNothingChanges()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.RepositoryModelUnloadAsync(new RepositoryModelUnloadRequest { ModelName = "nosuch" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "iris" })).Ready);
    }

    [Fact]
    public async Task Reflection_ListServices_NamesTheInferenceService()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Contains("inference.GRPCInferenceService", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    [Fact]
    public async Task ServerLive_OnTheRestListener_UnimplementedNamingTheGrpcUrl()
    {
        using var handler = new SocketsHttpHandler();
        using var rest = GrpcChannel.ForAddress(fixture.Http.BaseAddress!, new GrpcChannelOptions { HttpHandler = handler });

        var error = await Assert.ThrowsAnyAsync<RpcException>(() => new GRPCInferenceService.GRPCInferenceServiceClient(rest).ServerLiveAsync(new ServerLiveRequest()).ResponseAsync);

        // The REST listener speaks HTTP/1.1 without TLS, so an h2c call may not even reach the middleware; either way it is not served.
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task RestRequest_OnTheGrpcListener_404NamingTheRestUrl()
    {
        using var h2c = new HttpClient { BaseAddress = fixture.GrpcAddress, DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await h2c.GetAsync("/v2/models/iris");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("ServingFabric:Gateway:Url", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static ModelInferRequest IrisRequest(int rows, string id)
    {
        var request = new ModelInferRequest { ModelName = "iris", Id = id };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32" };
        input.Shape.Add([rows, 4]);
        request.Inputs.Add(input);
        return request;
    }

    private static byte[] FloatBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}

internal static class MessageChanges
{
    public static T Also<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
