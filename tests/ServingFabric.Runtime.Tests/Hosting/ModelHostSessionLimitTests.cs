using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Tests.Batching;

namespace ServingFabric.Runtime.Tests.Hosting;

public sealed class ModelHostSessionLimitTests
{
    private static readonly ModelConfig Config = new("test", 8, new DynamicBatchingSpec(MaxQueueDelayMicroseconds: 0));

    private readonly FakeRepository _repository = new();
    private readonly TestEngineFactory _factory = new();

    public ModelHostSessionLimitTests()
    {
        _repository.Add("a", Config, "1", "2");
        _repository.Add("b", Config, "1");
    }

    [Fact]
    public async Task AcquireAsync_BeyondMaxSessions_Unavailable503NamingTheLimit()
    {
        await using var host = Host(maxSessions: 2);
        await using var first = await host.AcquireAsync("a", "1", default);
        await using var second = await host.AcquireAsync("a", "2", default);

        var error = await Assert.ThrowsAsync<InferenceException>(() => host.AcquireAsync("b", "1", default));

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(
            "model 'b' version '1' cannot load on this silo: it holds 2 model sessions, its limit (ServingFabric:Silo:MaxModelSessions = 2); unload a model (POST /v2/repository/models/{name}/unload), raise the limit, or add silos",
            error.Message);
        Assert.Equal(2, _factory.Created.Count);
    }

    [Fact]
    public async Task AcquireAsync_AtTheLimit_ANewLeaseOnAHeldVersionIsAllowed()
    {
        await using var host = Host(maxSessions: 1);
        await using var first = await host.AcquireAsync("a", "1", default);

        await using var second = await host.AcquireAsync("a", "1", default);

        Assert.Same(first.Model, second.Model);
        Assert.Single(_factory.Created);
    }

    [Fact]
    public async Task AcquireAsync_AfterAnUnloadFinishes_LoadsAnotherVersion()
    {
        await using var host = Host(maxSessions: 1);
        var first = await host.AcquireAsync("a", "1", default);

        // The last lease's dispose completes when the unload has finished.
        await first.DisposeAsync();
        Assert.Equal(1, Assert.Single(_factory.Created).DisposeCount);

        await using var next = await host.AcquireAsync("b", "1", default);

        Assert.Equal("b", next.Model.ModelName);
    }

    [Fact]
    public async Task AcquireAsync_ZeroMeansNoLimit()
    {
        await using var host = Host(maxSessions: 0);

        await using var a1 = await host.AcquireAsync("a", "1", default);
        await using var a2 = await host.AcquireAsync("a", "2", default);
        await using var b1 = await host.AcquireAsync("b", "1", default);

        Assert.Equal(3, host.GetLoadedModels().Count);
    }

    [Fact]
    public void Constructor_NegativeLimit_RefusedNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Host(maxSessions: -1));

        Assert.Contains("ServingFabric:Silo:MaxModelSessions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_LimitSessionsTo32() =>
        Assert.Equal(32, new ModelHost(_repository, [_factory], new FakeTimeProvider(), NullLoggerFactory.Instance).MaxSessions);

    [Fact]
    public async Task GetLoadedModels_RequestInTheBatcher_CountsAsInFlightUntilAnswered()
    {
        await using var host = Host(maxSessions: 2);
        await using var lease = await host.AcquireAsync("a", "1", default);
        var engine = Assert.Single(_factory.Created);
        engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var answer = lease.Model.InferAsync(new InferenceRequest("r1", "a", "1", [Floats.X(1, 1, 2)]), default);
        await engine.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, Assert.Single(host.GetLoadedModels()).InFlight);
        engine.Gate.SetResult();
        await answer;
        Assert.Equal(0, Assert.Single(host.GetLoadedModels()).InFlight);
    }

    private ModelHost Host(int maxSessions) => new(
        _repository, [_factory], new FakeTimeProvider(), NullLoggerFactory.Instance,
        options: Options.Create(new ModelHostOptions { MaxSessions = maxSessions }));
}
