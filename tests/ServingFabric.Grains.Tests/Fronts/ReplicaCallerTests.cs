using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Grains.Replicas;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Fronts;

public sealed class ReplicaCallerTests
{
    private static readonly VersionRoute Route = new("1", ["m/1/0", "m/1/1"]);

    private readonly FakeTimeProvider _time = new();
    private readonly FakeReplicaGrains _grains = new();
    private readonly ReplicaCaller _caller;

    public ReplicaCallerTests()
    {
        var options = Options.Create(new InferenceFrontOptions());
        _caller = new ReplicaCaller(options, _time, new ReplicaBalancer(options, _time), new OutcomeCollector(options, _time), new LocalReplicas(), _grains, NullLogger<ReplicaCaller>.Instance);
    }

    [Fact]
    public async Task CallAsync_HealthyReplicas_OneCallAnswers()
    {
        var first = _grains.Add("m/1/0", new FakeReplica());
        var second = _grains.Add("m/1/1", new FakeReplica());

        var response = await _caller.CallAsync("m", Route, Request(), _time.GetUtcNow().AddSeconds(5), default);

        Assert.Equal(("r1", "1"), (response.Id, response.ModelVersion));
        Assert.Equal(1, first.Calls + second.Calls);
    }

    [Fact]
    public async Task CallAsync_BothReplicasUnavailable_TriesEachOnceAndThrowsTheSecondAnswer()
    {
        var first = _grains.Add("m/1/0", new FakeReplica(_ => throw new InferenceException(InferenceErrorKind.Unavailable, "unloading")));
        var second = _grains.Add("m/1/1", new FakeReplica(_ => throw new InferenceException(InferenceErrorKind.Unavailable, "unloading")));

        var error = await Assert.ThrowsAsync<InferenceException>(() => _caller.CallAsync("m", Route, Request(), _time.GetUtcNow().AddSeconds(5), default));

        Assert.Equal((InferenceErrorKind.Unavailable, "unloading"), (error.Kind, error.Message));
        Assert.Equal((1, 1), (first.Calls, second.Calls));
    }

    [Fact]
    public async Task CallAsync_InvalidInput_NeverRetried()
    {
        var first = _grains.Add("m/1/0", new FakeReplica(_ => throw new InferenceException(InferenceErrorKind.InvalidInput, "bad")));
        var second = _grains.Add("m/1/1", new FakeReplica(_ => throw new InferenceException(InferenceErrorKind.InvalidInput, "bad")));

        var error = await Assert.ThrowsAsync<InferenceException>(() => _caller.CallAsync("m", Route, Request(), _time.GetUtcNow().AddSeconds(5), default));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Equal(1, first.Calls + second.Calls);
    }

    [Fact]
    public async Task CallAsync_DeadlinePassed_504WithoutCallingAReplica()
    {
        var only = _grains.Add("m/1/0", new FakeReplica());
        var deadline = _time.GetUtcNow();

        var error = await Assert.ThrowsAsync<InferenceException>(() => _caller.CallAsync("m", new VersionRoute("1", ["m/1/0"]), Request(), deadline, default));

        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal($"deadline exceeded: model 'm' did not answer by {deadline:O}; raise the request timeout or reduce load", error.Message);
        Assert.Equal(0, only.Calls);
    }

    [Fact]
    public async Task CallAsync_VersionWithoutReplicas_503SayingToDeploy()
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => _caller.CallAsync("m", new VersionRoute("1", []), Request(), _time.GetUtcNow().AddSeconds(5), default));

        Assert.Equal((InferenceErrorKind.Unavailable, "model 'm' version '1' has no replica; deploy it again"), (error.Kind, error.Message));
    }

    private static InferenceRequest Request() => new("r1", "m", "1", []);
}
