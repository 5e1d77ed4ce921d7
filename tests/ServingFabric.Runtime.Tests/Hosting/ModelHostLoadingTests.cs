using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Batching;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Tests.Batching;

namespace ServingFabric.Runtime.Tests.Hosting;

public sealed class ModelHostLoadingTests
{
    private static readonly ModelConfig Config = new(
        "test", 8, new DynamicBatchingSpec(MaxQueueDelayMicroseconds: 0), Versions: new Dictionary<string, ModelVersionConfig> { ["1"] = new("ab12") });

    private readonly FakeRepository _repository = new();
    private readonly TestEngineFactory _factory = new();

    public ModelHostLoadingTests() => _repository.Add("m", Config, "1");

    [Fact]
    public async Task AcquireAsync_VerifierGiven_CalledWithArtifactAndExpectedSha256()
    {
        var verifier = new RecordingVerifier();
        await using var host = new ModelHost(_repository, [_factory], new FakeTimeProvider(), NullLoggerFactory.Instance, verifier);

        await using var lease = await host.AcquireAsync("m", "1", default);

        Assert.Equal(("/models/m/1/model.onnx", "ab12", "m", "1"), Assert.Single(verifier.Calls));
    }

    [Fact]
    public async Task AcquireAsync_VerifierRefuses_FailsWithoutCreatingEngine()
    {
        var verifier = new RecordingVerifier { Refusal = new InferenceException(InferenceErrorKind.Unavailable, "SHA-256 mismatch") };
        await using var host = new ModelHost(_repository, [_factory], new FakeTimeProvider(), NullLoggerFactory.Instance, verifier);

        var error = await Assert.ThrowsAsync<InferenceException>(() => host.AcquireAsync("m", "1", default));

        Assert.Equal("SHA-256 mismatch", error.Message);
        Assert.Empty(_factory.Created);
    }

    [Fact]
    public async Task InferAsync_ValidRequest_AnswersThroughSharedBatcherWithObserver()
    {
        var observer = new RecordingObserver();
        var observers = new ObserverFactory(observer);
        await using var host = new ModelHost(_repository, [_factory], new FakeTimeProvider(), NullLoggerFactory.Instance, observerFactory: observers);
        await using var lease = await host.AcquireAsync("m", "1", default);

        var response = await lease.Model.InferAsync(new InferenceRequest("r1", "m", "1", [Floats.X(1, 1, 2)], [new RequestedOutput("y")]), default);

        Assert.Equal(("r1", "m", "1"), (response.Id, response.ModelName, response.ModelVersion));
        Assert.Equal(Floats.TwicePlusOne(1, 2), Floats.Of(Assert.Single(response.Outputs)));
        Assert.Equal(("m", "1"), Assert.Single(observers.Created));
        Assert.Single(observer.Batches);
    }

    [Fact]
    public async Task InferAsync_InvalidRequest_InvalidInputAndNothingRuns()
    {
        await using var host = new ModelHost(_repository, [_factory], new FakeTimeProvider(), NullLoggerFactory.Instance);
        await using var lease = await host.AcquireAsync("m", "1", default);

        var error = await Assert.ThrowsAsync<InferenceException>(
            () => lease.Model.InferAsync(new InferenceRequest("r1", "m", "1", [Floats.X(1, 1, 2) with { Name = "z" }]), default));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Empty(Assert.Single(_factory.Created).Batches);
    }

    [Fact]
    public async Task DisposeAsync_HostWithLeasesOut_UnloadsAndRefusesNewAcquires()
    {
        var host = new ModelHost(_repository, [_factory], new FakeTimeProvider(), NullLoggerFactory.Instance);
        var lease = await host.AcquireAsync("m", "1", default);

        await host.DisposeAsync();
        await lease.DisposeAsync();

        Assert.Equal(1, Assert.Single(_factory.Created).DisposeCount);
        var error = await Assert.ThrowsAsync<InferenceException>(() => host.AcquireAsync("m", "1", default));
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
    }

    private sealed class RecordingVerifier : IArtifactVerifier
    {
        public List<(string, string?, string, string)> Calls { get; } = [];

        public Exception? Refusal { get; init; }

        public void Verify(string artifactPath, string? expectedSha256, string modelName, string version)
        {
            Calls.Add((artifactPath, expectedSha256, modelName, version));
            if (Refusal is not null)
            {
                throw Refusal;
            }
        }
    }

    private sealed class ObserverFactory(IBatchObserver observer) : IBatchObserverFactory
    {
        public List<(string, string)> Created { get; } = [];

        public IBatchObserver? Create(string modelName, string version)
        {
            Created.Add((modelName, version));
            return observer;
        }
    }
}
