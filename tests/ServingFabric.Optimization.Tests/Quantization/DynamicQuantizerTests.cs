using Google.Protobuf;
using Onnx;
using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Quantization;
using ServingFabric.Samples;

namespace ServingFabric.Optimization.Tests.Quantization;

public sealed class DynamicQuantizerTests
{
    [Fact]
    public void Quantize_IrisPerTensor_EveryGemmBecomesMatMulIntegerWithInt8Weights()
    {
        var (model, count) = DynamicQuantizer.Quantize(TestSets.Parse(SampleModels.CreateIrisMlp()), new QuantizationOptions());

        Assert.Equal(2, count);
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();
        Assert.DoesNotContain("Gemm", ops);
        Assert.Equal(2, ops.Count(o => o == "MatMulInteger"));
        Assert.Equal(2, ops.Count(o => o == "DynamicQuantizeLinear"));
        var w1 = model.Graph.Initializer.Single(i => i.Name == "w1_quantized");
        Assert.Equal((int)TensorProto.Types.DataType.Int8, w1.DataType);
        Assert.Equal([IrisMlpWeights.Features, IrisMlpWeights.Hidden], w1.Dims);
        Assert.DoesNotContain(model.Graph.Initializer, i => i.Name is "w1" or "w2");
        Assert.Empty(model.Graph.Initializer.Single(i => i.Name == "w1_scale").Dims);
    }

    [Fact]
    public void Quantize_PerChannel_OneScaleAndZeroPointPerOutputColumn()
    {
        var (model, _) = DynamicQuantizer.Quantize(TestSets.Parse(SampleModels.CreateIrisMlp()), new QuantizationOptions { PerChannel = true });

        Assert.Equal([IrisMlpWeights.Hidden], model.Graph.Initializer.Single(i => i.Name == "w1_scale").Dims);
        Assert.Equal([IrisMlpWeights.Classes], model.Graph.Initializer.Single(i => i.Name == "w2_zero_point").Dims);
    }

    [Fact]
    public void Quantize_TransposedGemmWeight_StoredUntransposedForMatMulInteger()
    {
        var (model, count) = DynamicQuantizer.Quantize(TestSets.Parse(TestSets.Mlp), new QuantizationOptions { PerChannel = true });

        Assert.Equal(3, count);
        // Layer 2 of the MLP is written transposed ([256 out, 256 in]); layer 3's weight [10, 256] becomes [256, 10].
        var w3 = model.Graph.Initializer.Single(i => i.Name == "w3_quantized");
        Assert.Equal([256, 10], w3.Dims);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quantize_Mlp_LoadsWithTheOriginalSignatureAndAgrees(bool perChannel)
    {
        var (candidate, _) = DynamicQuantizer.Quantize(TestSets.Mlp, new QuantizationOptions { PerChannel = perChannel });

        Assert.Empty(ModelSignature.Read(candidate).DifferencesFrom(ModelSignature.Read(TestSets.Mlp)));
        // Random weights on random inputs leave some top-1 margins within quantization noise: 98.8 % to 100 % agree.
        var report = AccuracyGate.Evaluate(TestSets.Mlp, candidate, TestSets.MlpInputs, new GateOptions());
        Assert.True(report.Top1Agreement >= 0.98, $"agreement {report.Top1Agreement}");
        Assert.True(report.MinCosineSimilarity > 0.99, $"cosine {report.MinCosineSimilarity}");
    }

    [Fact]
    public void Quantize_WeightInAConstantNode_QuantizedAndTheConstantRemoved()
    {
        // Paddle2ONNX (the PaddleOCR models) writes weights as Constant nodes instead of initializers.
        var iris = TestSets.Parse(SampleModels.CreateIrisMlp());
        var w2 = iris.Graph.Initializer.Single(i => i.Name == "w2");
        iris.Graph.Initializer.Remove(w2);
        var constant = new NodeProto { OpType = "Constant", Name = "w2_constant" };
        constant.Output.Add("w2");
        constant.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = w2 });
        iris.Graph.Node.Insert(0, constant);
        var original = iris.ToByteArray();

        var (model, count) = DynamicQuantizer.Quantize(iris, new QuantizationOptions());

        Assert.Equal(2, count);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Constant");
        Assert.Contains(model.Graph.Initializer, i => i.Name == "w2_quantized");
        Assert.True(AccuracyGate.Evaluate(original, model.ToByteArray(), TestSets.Iris, new GateOptions()).Passed);
    }

    [Fact]
    public void Quantize_NodeKeptByName_StaysGemm()
    {
        var options = new QuantizationOptions { KeepFloatNodes = new HashSet<string> { "Gemm_2" } };

        var (model, count) = DynamicQuantizer.Quantize(TestSets.Parse(SampleModels.CreateIrisMlp()), options);

        Assert.Equal(1, count);
        Assert.Equal("Gemm_2", model.Graph.Node.Single(n => n.OpType == "Gemm").Name);
        Assert.Contains(model.Graph.Initializer, i => i.Name == "w2");
    }

    [Fact]
    public void Quantize_OpTypeKept_NothingQuantized()
    {
        var options = new QuantizationOptions { KeepFloatOpTypes = new HashSet<string> { "Gemm" } };

        var (model, count) = DynamicQuantizer.Quantize(TestSets.Parse(SampleModels.CreateIrisMlp()), options);

        Assert.Equal(0, count);
        Assert.Equal(TestSets.Parse(SampleModels.CreateIrisMlp()).Graph, model.Graph);
    }

    [Fact]
    public void Quantize_OpsetTen_FusedContribOperatorThatOnnxRuntimeRuns()
    {
        var iris = TestSets.Parse(SampleModels.CreateIrisMlp());
        iris.OpsetImport[0].Version = 10;
        var original = iris.ToByteArray();

        var (model, count) = DynamicQuantizer.Quantize(iris, new QuantizationOptions { PerChannel = true });

        Assert.Equal(2, count);
        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "DynamicQuantizeMatMul" && n.Domain == "com.microsoft"));
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "DynamicQuantizeLinear");
        Assert.Contains(model.OpsetImport, o => o.Domain == "com.microsoft" && o.Version == 1);
        var report = AccuracyGate.Evaluate(original, model.ToByteArray(), TestSets.Iris, new GateOptions());
        Assert.True(report.Passed, string.Join("; ", report.Failures));
    }
}
