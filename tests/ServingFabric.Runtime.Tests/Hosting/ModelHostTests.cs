using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Tests.Batching;

namespace ServingFabric.Runtime.Tests.Hosting;

public sealed class ModelHostTests : IAsyncLifetime
{
    private static readonly ModelConfig Config = new("test", 8, new DynamicBatchingSpec(MaxQueueDelayMicroseconds: 0));

    private readonly FakeRepository _repository = new();
    private readonly TestEngineFactory _factory = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ModelHost _host;

    public ModelHostTests()
    {
        _repository.Add("m", Config, "1", "2");
        _host = new ModelHost(_repository, [_factory], _time, NullLoggerFactory.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AcquireAsync_TwoConcurrentAcquirers_ShareOneLoadAndEngine()
    {
        _factory.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = _host.AcquireAsync("m", "1", default);
        var second = _host.AcquireAsync("m", "1", default);
        _factory.Gate.SetResult();
        await using var firstLease = await first;
        await using var secondLease = await second;

        Assert.Same(firstLease.Model, secondLease.Model);
        Assert.Single(_factory.Created);
        var info = Assert.Single(_host.GetLoadedModels());
        Assert.Equal(new LoadedModelInfo("m", "1", ReplicaState.Ready, 2, 0, 0), info);
    }

    [Fact]
    public async Task GetLoadedModels_LoadInProgress_SaysHowLongItHasBeenLoadingThenZeroOnceReady()
    {
        _factory.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var acquiring = _host.AcquireAsync("m", "1", default);
        _time.Advance(TimeSpan.FromSeconds(90));
        var loading = Assert.Single(_host.GetLoadedModels());
        _factory.Gate.SetResult();
        await using var lease = await acquiring;
        var ready = Assert.Single(_host.GetLoadedModels());

        Assert.Equal((ReplicaState.Loading, TimeSpan.FromSeconds(90)), (loading.State, loading.LoadingFor));
        Assert.Equal((ReplicaState.Ready, TimeSpan.Zero), (ready.State, ready.LoadingFor));
    }

    [Fact]
    public async Task DisposeAsync_LastLeaseReleased_DisposesEngineAndNextAcquireReloads()
    {
        var first = await _host.AcquireAsync("m", "1", default);
        var second = await _host.AcquireAsync("m", "1", default);
        var engine = Assert.Single(_factory.Created);

        await first.DisposeAsync();
        Assert.Equal(0, engine.DisposeCount);
        await second.DisposeAsync();
        await second.DisposeAsync();

        Assert.Equal(1, engine.DisposeCount);
        Assert.Empty(_host.GetLoadedModels());
        await using var again = await _host.AcquireAsync("m", "1", default);
        Assert.Equal(2, _factory.Created.Count);
    }

    [Fact]
    public async Task AcquireAsync_LoadFailed_NextAcquireRetries()
    {
        _factory.FailNext = new InferenceException(InferenceErrorKind.Unavailable, "artifact '/models/m/1/model.onnx' is not a valid ONNX graph");

        var error = await Assert.ThrowsAsync<InferenceException>(() => _host.AcquireAsync("m", "1", default));
        await using var lease = await _host.AcquireAsync("m", "1", default);

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal("m", lease.Model.ModelName);
        Assert.Single(_factory.Created);
    }

    [Fact]
    public async Task AcquireAsync_UnknownVersion_NotFoundListingVersions()
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => _host.AcquireAsync("m", "3", default));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("model 'm' has no version '3' in repository /models; versions: 1, 2", error.Message);
        Assert.Empty(_host.GetLoadedModels());
    }

    [Fact]
    public async Task AcquireAsync_UnknownModel_NotFoundListingModels()
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => _host.AcquireAsync("x", "1", default));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("model 'x' is not in repository /models; models: m", error.Message);
    }

    [Fact]
    public async Task AcquireAsync_PlatformNotServed_UnavailableListingPlatforms()
    {
        _repository.Add("t", Config with { Platform = "pytorch_libtorch" }, "1");

        var error = await Assert.ThrowsAsync<InferenceException>(() => _host.AcquireAsync("t", "1", default));

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal("model 't' needs platform 'pytorch_libtorch', which this silo does not serve; platforms: test", error.Message);
    }
}
