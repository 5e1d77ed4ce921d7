using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;

namespace ServingFabric.Client.Tests.Orleans;

public class GrainFactoryProxy : DispatchProxy
{
    public Dictionary<string, object> Grains { get; } = [];

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == "GetGrain" && targetMethod.IsGenericMethod)
        {
            var key = (string)args![0]!;
            var type = targetMethod.GetGenericArguments()[0];
            return Grains[type.Name + "/" + key];
        }
        throw new NotImplementedException(targetMethod.Name);
    }
}

internal sealed class FakeFront(Func<InferenceRequest, CancellationToken, Task<InferenceResponse>> infer, ModelReadiness? readiness = null, Exception? readinessError = null) : IInferenceFrontGrain
{
    public List<InferenceRequest> Requests { get; } = [];

    public List<string> Callers { get; } = [];

    public Task<InferenceResponse> Infer(InferenceRequest request, string caller, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        Callers.Add(caller);
        return infer(request, cancellationToken);
    }

    public Task<ModelMetadata> GetMetadata(string? version, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ModelMetadata("iris", version ?? "1", "onnx", [], [], 64));

    public Task<ModelReadiness> GetReadiness(string? version, CancellationToken cancellationToken = default) =>
        readinessError is null ? Task.FromResult(readiness!) : Task.FromException<ModelReadiness>(readinessError);

    public Task<ServingFabric.Releases.FeedbackReceipt> RecordFeedback(string requestId, string caller, double reward, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The SDK does not send feedback over Orleans.");
}

internal sealed class FakeCatalog(params string[] models) : IModelCatalogGrain
{
    public Task Register(string modelName) => Task.CompletedTask;
    public Task<IReadOnlyList<string>> ListModels() => Task.FromResult<IReadOnlyList<string>>(models);
}

public class OrleansClientTests
{
    private static readonly InferenceResponse Ok = new("r", "iris", "1", [TensorFactory.Create("label", [1], [1L])]);

    private static (IClusterClient Factory, GrainFactoryProxy Proxy) Factory()
    {
        var factory = DispatchProxy.Create<IClusterClient, GrainFactoryProxy>();
        return (factory, (GrainFactoryProxy)(object)factory);
    }

    [Fact]
    public async Task InferAsync_CallerSetOrDefault_FrontCalledForThatCaller()
    {
        var (factory, proxy) = Factory();
        var front = new FakeFront((_, _) => Task.FromResult(Ok));
        proxy.Grains["IInferenceFrontGrain/iris"] = front;
        var named = new OrleansInferenceClient(factory, new ServingFabricClientOptions()) { Caller = "orleans:checkout" };
        var unnamed = new OrleansInferenceClient(factory, new ServingFabricClientOptions());

        await named.InferAsync(new InferenceRequestBuilder("iris").AddInput("input", [1, 4], [1f, 2f, 3f, 4f]).Build());
        await unnamed.InferAsync(new InferenceRequestBuilder("iris").AddInput("input", [1, 4], [1f, 2f, 3f, 4f]).Build());

        Assert.Equal(["orleans:checkout", "orleans:" + AppDomain.CurrentDomain.FriendlyName], front.Callers);
    }

    [Fact]
    public async Task InferAsync_SetsDefaultDeadline_RetriesOnceOnSiloUnavailable()
    {
        var (factory, proxy) = Factory();
        var calls = 0;
        var front = new FakeFront((_, _) => ++calls == 1 ? Task.FromException<InferenceResponse>(new SiloUnavailableException("gone")) : Task.FromResult(Ok));
        proxy.Grains["IInferenceFrontGrain/iris"] = front;
        var client = new OrleansInferenceClient(factory, new ServingFabricClientOptions { DefaultTimeout = TimeSpan.FromSeconds(7) });
        var before = DateTimeOffset.UtcNow;
        var response = await client.InferAsync(new InferenceRequestBuilder("iris").AddInput("input", [1, 4], [1f, 2f, 3f, 4f]).Build());
        Assert.Same(Ok, response);
        Assert.Equal(2, front.Requests.Count);
        Assert.InRange(front.Requests[0].Deadline!.Value, before.AddSeconds(7), DateTimeOffset.UtcNow.AddSeconds(7));
    }

    [Fact]
    public async Task InferAsync_Hangs_DeadlineExceeded_ServerErrorPassesThrough()
    {
        var (factory, proxy) = Factory();
        proxy.Grains["IInferenceFrontGrain/iris"] = new FakeFront(async (_, ct) => { await Task.Delay(-1, ct); return Ok; });
        proxy.Grains["IInferenceFrontGrain/bad"] = new FakeFront((_, _) => Task.FromException<InferenceResponse>(new InferenceException(InferenceErrorKind.InvalidInput, "shape")));
        var client = new OrleansInferenceClient(factory, new ServingFabricClientOptions());
        var request = new InferenceRequestBuilder("iris").AddInput("input", [1, 4], [1f, 2f, 3f, 4f]).WithTimeout(TimeSpan.FromMilliseconds(100)).Build();
        Assert.Equal(InferenceErrorKind.DeadlineExceeded, (await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(request))).Kind);
        Assert.Equal(InferenceErrorKind.InvalidInput, (await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(request with { ModelName = "bad", Deadline = null }))).Kind);
    }

    [Fact]
    public async Task Readiness_AggregatesCatalog()
    {
        var (factory, proxy) = Factory();
        proxy.Grains["IModelCatalogGrain/catalog"] = new FakeCatalog("iris", "resnet");
        proxy.Grains["IInferenceFrontGrain/iris"] = new FakeFront((_, _) => Task.FromResult(Ok), new ModelReadiness(true, "1", null));
        proxy.Grains["IInferenceFrontGrain/resnet"] = new FakeFront((_, _) => Task.FromResult(Ok), new ModelReadiness(false, "2", "loading"));
        proxy.Grains["IInferenceFrontGrain/ghost"] = new FakeFront((_, _) => Task.FromResult(Ok), readinessError: new InferenceException(InferenceErrorKind.NotFound, "no such model"));
        var client = new OrleansInferenceClient(factory, new ServingFabricClientOptions());
        Assert.True(await client.IsModelReadyAsync("iris"));
        Assert.False(await client.IsModelReadyAsync("resnet"));
        Assert.False(await client.IsModelReadyAsync("ghost"));
        Assert.False(await client.IsServerReadyAsync());
        Assert.True(await client.IsServerLiveAsync());
        proxy.Grains["IInferenceFrontGrain/resnet"] = new FakeFront((_, _) => Task.FromResult(Ok), new ModelReadiness(true, "2", null));
        Assert.True(await client.IsServerReadyAsync());
        Assert.Equal("3", (await client.GetModelMetadataAsync("iris", "3")).Version);
    }

    [Fact]
    public void AddServingFabricClient_Orleans_ResolvesOrleansClient()
    {
        var (factory, _) = Factory();
        var services = new ServiceCollection().AddLogging();
        services.AddServingFabricClient(o => o.Transport = ServingFabricTransport.Orleans);
        services.AddSingleton(factory);
        using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServingFabricClientOptions>>().Value;
        Assert.IsType<OrleansInferenceClient>(provider.GetRequiredService<IInferenceClient>());
    }
}
