using Onnx;
using ServingFabric.Models;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Samples;
using ServingFabric.Tensors;

namespace ServingFabric.Samples.Tests;

public sealed class SampleModelsTests
{
    [Fact]
    public void CreateIrisMlp_CalledTwice_GivesSameBytes()
    {
        Assert.Equal(SampleModels.CreateIrisMlp(), SampleModels.CreateIrisMlp());
    }

    [Fact]
    public void IrisMlpWeights_Shipped_HaveTheGraphsShapes()
    {
        var weights = SampleModels.IrisMlpWeights;

        Assert.Equal(
            [IrisMlpWeights.Features * IrisMlpWeights.Hidden, IrisMlpWeights.Hidden, IrisMlpWeights.Hidden * IrisMlpWeights.Classes, IrisMlpWeights.Classes],
            [weights.W1.Length, weights.B1.Length, weights.W2.Length, weights.B2.Length]);
        Assert.All(weights.W1.Concat(weights.B1).Concat(weights.W2).Concat(weights.B2), w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void IrisMlpWeights_Mutated_DoesNotChangeTheNextCopy()
    {
        var shipped = SampleModels.IrisMlpWeights.W1[0];
        SampleModels.IrisMlpWeights.W1[0] = 42f;

        Assert.Equal(shipped, SampleModels.IrisMlpWeights.W1[0]);
    }

    [Fact]
    public void CreateIrisMlp_Graph_HasDocumentedInterface()
    {
        var model = ModelProto.Parser.ParseFrom(SampleModels.CreateIrisMlp());

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(13, Assert.Single(model.OpsetImport).Version);
        Assert.Equal("input", Assert.Single(model.Graph.Input).Name);
        Assert.Equal(["probabilities", "label"], model.Graph.Output.Select(o => o.Name));
        Assert.Equal(["Gemm", "Relu", "Gemm", "Softmax", "ArgMax"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal("batch", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
    }

    [Fact]
    public void WriteSampleRepository_Root_WritesVerifiableServableIris()
    {
        using var temp = new TempDirectory();

        SampleModels.WriteSampleRepository(temp.Path);
        var repository = new FileSystemModelRepository(temp.Path);
        var model = repository.Find("iris");

        Assert.Equal(["iris"], repository.ListModels());
        Assert.NotNull(model);
        Assert.Equal(["1"], model.Versions);
        Assert.Equal("1", model.DefaultVersion);
        Assert.Equal(64, model.Config.MaxBatchSize);
        Assert.Equal(1, model.Config.EngineThreads);
        Assert.Equal(0, model.Config.DynamicBatching!.MaxQueueDelayMicroseconds);
        Assert.Empty(model.Config.DynamicBatching.PreferredBatchSizes!);
        Assert.Equal(1024, model.Config.DynamicBatching.MaxQueueSize);
        var artifact = repository.GetArtifactPath("iris", "1");
        Assert.Equal(ArtifactVerifier.ComputeSha256(artifact), model.Config.Versions!["1"].Sha256);
        ArtifactVerifier.Verify(artifact, model.Config.Versions["1"].Sha256, "iris", "1");
        using var engine = new OnnxRuntimeEngineFactory().Create("iris", "1", artifact, model.Config);
        Assert.Equal(64, engine.Metadata.MaxBatchSize);
    }
}
