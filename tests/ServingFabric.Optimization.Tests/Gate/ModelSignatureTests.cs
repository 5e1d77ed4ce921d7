using ServingFabric.Optimization.Gate;
using ServingFabric.Samples;
using ServingFabric.Tensors;

namespace ServingFabric.Optimization.Tests.Gate;

public sealed class ModelSignatureTests
{
    [Fact]
    public void Read_Iris_NamesTypesAndSymbolicBatch()
    {
        var signature = ModelSignature.Read(SampleModels.CreateIrisMlp());

        Assert.Equal(["input Float [batch, 4]"], signature.Inputs);
        Assert.Equal(["probabilities Float [batch, 3]", "label Int64 [batch]"], signature.Outputs);
    }

    [Fact]
    public void DifferencesFrom_OutputRenamed_BothSidesReported()
    {
        var renamed = new OnnxModelBuilder("renamed")
            .AddInput("input", TensorDataType.Fp32, -1, 4)
            .AddOutput("scores", TensorDataType.Fp32, -1, 4)
            .Identity("input", "scores")
            .ToBytes();
        var original = new OnnxModelBuilder("original")
            .AddInput("input", TensorDataType.Fp32, -1, 4)
            .AddOutput("output", TensorDataType.Fp32, -1, 4)
            .Identity("input", "output")
            .ToBytes();

        var differences = ModelSignature.Read(renamed).DifferencesFrom(ModelSignature.Read(original));

        Assert.Equal(["the original's output output Float [batch, 4] is not in the candidate", "the candidate's output scores Float [batch, 4] is not in the original"], differences);
    }
}
