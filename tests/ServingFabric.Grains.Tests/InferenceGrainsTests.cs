using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Grains.Deployment;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Releases;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Scaling;
using ServingFabric.Tensors;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests;

[Collection(FabricClusterCollection.Name)]
public sealed class InferenceGrainsTests(FabricClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Infer_SampleModel_ReturnsIndependentlyComputedOutputs()
    {
        await LoadAsync("iris");
        var rows = IrisReference.Rows(3, seed: 11);
        var request = new InferenceRequest("req-1", "iris", null, [TensorFactory.Create("input", [3, 4], rows)]);

        var response = await Grains.GetGrain<IInferenceFrontGrain>("iris").Infer(request);

        Assert.Equal("req-1", response.Id);
        Assert.Equal("1", response.ModelVersion);
        Assert.Equal(["probabilities", "label"], response.Outputs.Select(o => o.Name));
        var probabilities = response.Outputs[0].ToArray<float>();
        var labels = response.Outputs[1].ToArray<long>();
        for (var row = 0; row < 3; row++)
        {
            var (expected, label) = IrisReference.Compute(rows.AsSpan(row * 4, 4));
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(expected[c], probabilities[(row * 3) + c], 5);
            }

            Assert.Equal(label, labels[row]);
        }
    }

    [Fact]
    public async Task Infer_ConcurrentRequests_EachGetsItsOwnRows()
    {
        await LoadAsync("iris");
        var front = Grains.GetGrain<IInferenceFrontGrain>("iris");
        var rows = IrisReference.Rows(40, seed: 5);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => front.Infer(new InferenceRequest(
            $"r{i}", "iris", "1", [TensorFactory.Create("input", [1, 4], rows.AsSpan(i * 4, 4))], [new RequestedOutput("label")]))));

        for (var i = 0; i < 40; i++)
        {
            Assert.Equal($"r{i}", responses[i].Id);
            var output = Assert.Single(responses[i].Outputs);
            Assert.Equal(IrisReference.Compute(rows.AsSpan(i * 4, 4)).Label, output.ToArray<long>()[0]);
        }
    }

    [Fact]
    public async Task Infer_UnknownModel_ThrowsNotFound()
    {
        var request = new InferenceRequest("x", "nosuchmodel", null, [TensorFactory.Create("input", [1, 4], new float[4])]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => Grains.GetGrain<IInferenceFrontGrain>("nosuchmodel").Infer(request));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Contains("nosuchmodel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_UnknownVersion_ThrowsNotFoundListingVersions()
    {
        await LoadAsync("iris");
        var request = new InferenceRequest("x", "iris", "7", [TensorFactory.Create("input", [1, 4], new float[4])]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => Grains.GetGrain<IInferenceFrontGrain>("iris").Infer(request));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Contains("versions: 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_WrongDatatype_ThrowsInvalidInputNamingTensor()
    {
        await LoadAsync("iris");
        var request = new InferenceRequest("x", "iris", null, [TensorFactory.Create("input", [1, 4], new long[4])]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => Grains.GetGrain<IInferenceFrontGrain>("iris").Infer(request));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Contains("'input'", error.Message, StringComparison.Ordinal);
        Assert.Contains("FP32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_ShaMismatch_RefusesThatVersionAndKeepsOthersServing()
    {
        var results = await LoadAsync("broken");

        Assert.True(results.Single(r => r.Version == "1").Ready);
        var refused = results.Single(r => r.Version == "2");
        Assert.False(refused.Ready);
        Assert.Contains("SHA-256", refused.Reason, StringComparison.Ordinal);

        var front = Grains.GetGrain<IInferenceFrontGrain>("broken");
        var input = TensorFactory.Create("input", [1, 4], new float[] { 1, 2, 3, 4 });
        var served = await front.Infer(new InferenceRequest("a", "broken", "1", [input]));
        Assert.Equal("1", served.ModelVersion);
        var error = await Assert.ThrowsAsync<InferenceException>(() => front.Infer(new InferenceRequest("b", "broken", "2", [input])));
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.False((await front.GetReadiness("2")).Ready);
        Assert.True((await front.GetReadiness(null)).Ready);
    }

    [Fact]
    public async Task Unload_ThenLoad_ServesAgain()
    {
        await LoadAsync("broken");
        var deployer = Deployer();
        var front = Grains.GetGrain<IInferenceFrontGrain>("broken");
        var request = new InferenceRequest("u", "broken", "1", [TensorFactory.Create("input", [1, 4], new float[] { 1, 0, 0, 1 })]);

        await deployer.UnloadAsync("broken");
        var table = await Grains.GetGrain<IModelRouterGrain>("broken").GetRoutingTable();
        Assert.False(table!.Loaded);

        await deployer.LoadAsync("broken", CancellationToken.None);
        var response = await front.Infer(request);
        Assert.Equal("u", response.Id);
    }

    [Fact]
    public async Task Deploy_SameSpecTwice_KeepsRevision()
    {
        await LoadAsync("iris");
        var router = Grains.GetGrain<IModelRouterGrain>("iris");
        var before = (await router.GetRoutingTable())!.Revision;

        await router.Deploy((await router.GetSpec())!);

        Assert.Equal(before, (await router.GetRoutingTable())!.Revision);
    }

    [Fact]
    public async Task Replicas_OfOneVersionOnOneSilo_ShareOneSession()
    {
        await LoadAsync("iris");

        // Replicas beyond the router's desired count refuse to load (the autoscaler drained them), so ask for six.
        await Grains.GetGrain<IModelRouterGrain>("iris").SetScaling(
            new ScalingSettings(MinReplicas: 6, MaxReplicas: 6), new ChangeAuthor("tests", "six replicas on two silos"));

        // Six replicas on two silos: by pigeonhole at least one silo hosts several of them.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(index => Grains.GetGrain<IModelReplicaGrain>(ReplicaKey.Format("iris", "1", index)).EnsureLoaded()));

        Assert.Contains(statuses.GroupBy(s => s.Silo), group => group.Count() > 1);
        foreach (var group in statuses.GroupBy(s => s.Silo))
        {
            var silo = fixture.Cluster.Silos.Single(s => s.SiloAddress.ToString() == group.Key);
            var host = fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<ModelHost>();
            var loaded = Assert.Single(host.GetLoadedModels(), m => m.ModelName == "iris" && m.Version == "1");
            Assert.Equal(group.Count(), loaded.Leases);
        }
    }

    private Task<IReadOnlyList<ModelReadiness>> LoadAsync(string model) => Deployer().LoadAsync(model, CancellationToken.None);

    private ModelDeployer Deployer() => fixture.Cluster.GetSiloServiceProvider().GetRequiredService<ModelDeployer>();
}
