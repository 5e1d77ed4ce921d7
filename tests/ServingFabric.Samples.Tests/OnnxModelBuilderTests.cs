using Onnx;
using ServingFabric.Samples;
using ServingFabric.Tensors;

namespace ServingFabric.Samples.Tests;

public sealed class OnnxModelBuilderTests
{
    [Theory]
    [InlineData(12)]
    [InlineData(19)]
    public void Constructor_OpsetOutOfRange_Throws(int opset)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxModelBuilder(opset: opset));
    }

    [Fact]
    public void Build_SymbolicDimensions_NamesBatchFirstAndOthersDistinctly()
    {
        var model = new OnnxModelBuilder(opset: 17)
            .AddInput("x", TensorDataType.Fp16, -1, 3, -1)
            .AddOutput("y", TensorDataType.Fp16, -1, 3, -1)
            .Identity("x", "y")
            .Build();

        var dims = model.Graph.Input[0].Type.TensorType.Shape.Dim;
        Assert.Equal(17, model.OpsetImport[0].Version);
        Assert.Equal("batch", dims[0].DimParam);
        Assert.Equal(3, dims[1].DimValue);
        Assert.Equal("dim2", dims[2].DimParam);
        Assert.Equal((int)TensorProto.Types.DataType.Float16, model.Graph.Input[0].Type.TensorType.ElemType);
    }

    [Fact]
    public void AddInitializer_Values_StoredAsRawLittleEndianFloats()
    {
        var model = new OnnxModelBuilder().AddInitializer("w", [2], [1f, -2f]).Build();

        var tensor = Assert.Single(model.Graph.Initializer);
        Assert.Equal([2L], tensor.Dims);
        Assert.Equal([1f, -2f], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray());
    }

    [Fact]
    public void AddInitializer_ValueCountDiffersFromShape_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OnnxModelBuilder().AddInitializer("w", [2, 2], [1f]));

        Assert.Contains("shape [2,2] but 1 values", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cast_Target_SetsOnnxTypeAttribute()
    {
        var node = Assert.Single(new OnnxModelBuilder().Cast("x", "y", TensorDataType.Int64).Build().Graph.Node);

        Assert.Equal("Cast", node.OpType);
        Assert.Equal((long)TensorProto.Types.DataType.Int64, Assert.Single(node.Attribute).I);
    }
}
