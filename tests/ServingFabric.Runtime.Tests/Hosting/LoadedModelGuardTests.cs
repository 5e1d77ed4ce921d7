using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Tests.Batching;

namespace ServingFabric.Runtime.Tests.Hosting;

/// <summary>A loaded version refuses what would break a shared batch even from a caller that skipped the front.</summary>
public sealed class LoadedModelGuardTests
{
    private readonly FakeRepository _repository = new();
    private readonly TestEngineFactory _factory = new();

    public LoadedModelGuardTests() => _repository.Add("m", new ModelConfig("test", 8, new DynamicBatchingSpec(MaxQueueDelayMicroseconds: 0)), "1");

    [Fact]
    public async Task InferAsync_DataShorterThanItsShape_InvalidInputAndNothingRuns()
    {
        var request = new InferenceRequest("r1", "m", "1", [Floats.X(1, 1, 2) with { Data = new byte[7] }]);

        await AssertRefusedAsync("input 'x': shape [1,2] holds 2 FP32 elements (2×4 bytes), got 7 bytes of data", request);
    }

    [Fact]
    public async Task InferAsync_UnknownOutput_InvalidInputAndNothingRuns()
    {
        var request = new InferenceRequest("r1", "m", "1", [Floats.X(1, 1, 2)], [new RequestedOutput("z")]);

        await AssertRefusedAsync("unknown output 'z'; model 'm' has outputs: y, neg", request);
    }

    private async Task AssertRefusedAsync(string message, InferenceRequest request)
    {
        await using var host = new ModelHost(_repository, [_factory], new FakeTimeProvider(), NullLoggerFactory.Instance);
        await using var lease = await host.AcquireAsync("m", "1", default);

        var error = await Assert.ThrowsAsync<InferenceException>(() => lease.Model.InferAsync(request, default));

        Assert.Equal((InferenceErrorKind.InvalidInput, message), (error.Kind, error.Message));
        Assert.Empty(Assert.Single(_factory.Created).Batches);
    }
}
