using ServingFabric.Models;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Samples;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Engines;

/// <summary>Every datatype goes through an Identity graph and must come back byte for byte.</summary>
public sealed class OnnxIdentityRoundTripTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<TensorDataType> NumericTypes() =>
    [
        TensorDataType.Bool, TensorDataType.UInt8, TensorDataType.UInt16, TensorDataType.UInt32, TensorDataType.UInt64,
        TensorDataType.Int8, TensorDataType.Int16, TensorDataType.Int32, TensorDataType.Int64,
        TensorDataType.Fp16, TensorDataType.Bf16, TensorDataType.Fp32, TensorDataType.Fp64,
    ];

    [Theory]
    [MemberData(nameof(NumericTypes))]
    public void Run_IdentityOfNumericType_ReturnsSameBytes(TensorDataType dataType)
    {
        using var engine = LoadIdentity(dataType);
        var data = Pattern(3 * 2 * dataType.ElementSize(), dataType);
        var input = new Tensor("x", dataType, [3, 2], data);

        var output = Assert.Single(engine.Run([input], ["y"]));

        Assert.Equal(dataType, output.DataType);
        Assert.Equal([3L, 2L], output.Shape);
        Assert.Equal(data, output.Data);
    }

    [Theory]
    [MemberData(nameof(NumericTypes))]
    public void Metadata_IdentityOfNumericType_ReportsThatType(TensorDataType dataType)
    {
        using var engine = LoadIdentity(dataType);

        Assert.Equal(dataType, Assert.Single(engine.Metadata.Inputs).DataType);
        Assert.Equal(dataType, Assert.Single(engine.Metadata.Outputs).DataType);
        Assert.Equal([-1L, 2L], engine.Metadata.Inputs[0].Shape);
    }

    [Fact]
    public void Run_IdentityOfBytes_ReturnsSameLayoutIncludingEmptyAndBinaryElements()
    {
        using var engine = LoadIdentity(TensorDataType.Bytes);
        var data = TensorBytes.Strings("héllo"u8.ToArray(), [], [0x00, 0xff, 0xfe, 0x80], "a longer element with spaces"u8.ToArray());
        var input = new Tensor("x", TensorDataType.Bytes, [2, 2], data);

        var output = Assert.Single(engine.Run([input], ["y"]));

        Assert.Equal(TensorDataType.Bytes, output.DataType);
        Assert.Equal([2L, 2L], output.Shape);
        Assert.Equal(data, output.Data);
    }

    [Fact]
    public void Run_BytesLengthPastEnd_ThrowsInvalidInput()
    {
        using var engine = LoadIdentity(TensorDataType.Bytes);
        var data = TensorBytes.Strings("ab"u8.ToArray())[..^1];

        var ex = Assert.Throws<Inference.InferenceException>(() => engine.Run([new Tensor("x", TensorDataType.Bytes, [1, 2], data)], ["y"]));

        Assert.Equal(Inference.InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("BYTES element 0 runs past the end", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CastInt32ToFp32_ConvertsValues()
    {
        var bytes = new OnnxModelBuilder("cast")
            .AddInput("x", TensorDataType.Int32, -1)
            .AddOutput("y", TensorDataType.Fp32, -1)
            .Cast("x", "y", TensorDataType.Fp32)
            .ToBytes();
        using var engine = new OnnxRuntimeEngineFactory().Create("cast", "1", _temp.WriteFile("cast/1/model.onnx", bytes), new ModelConfig());

        var output = Assert.Single(engine.Run([TensorBytes.Of("x", TensorDataType.Int32, [3], -2, 0, 7)], ["y"]));

        Assert.Equal([-2f, 0f, 7f], TensorBytes.Read<float>(output));
    }

    [Fact]
    public void Run_AddWithInitializer_Broadcasts()
    {
        var bytes = new OnnxModelBuilder("add")
            .AddInput("x", TensorDataType.Fp32, -1, 2)
            .AddOutput("y", TensorDataType.Fp32, -1, 2)
            .AddInitializer("bias", [2], [10f, 20f])
            .Add("x", "bias", "y")
            .ToBytes();
        using var engine = new OnnxRuntimeEngineFactory().Create("add", "1", _temp.WriteFile("add/1/model.onnx", bytes), new ModelConfig(MaxBatchSize: 8));

        var output = Assert.Single(engine.Run([TensorBytes.Of("x", TensorDataType.Fp32, [2, 2], 1f, 2f, 3f, 4f)], ["y"]));

        Assert.Equal([11f, 22f, 13f, 24f], TensorBytes.Read<float>(output));
    }

    private OnnxRuntimeEngine LoadIdentity(TensorDataType dataType)
    {
        var bytes = new OnnxModelBuilder("identity")
            .AddInput("x", dataType, -1, 2)
            .AddOutput("y", dataType, -1, 2)
            .Identity("x", "y")
            .ToBytes();
        var path = _temp.WriteFile($"identity-{dataType}/1/model.onnx", bytes);
        return (OnnxRuntimeEngine)new OnnxRuntimeEngineFactory().Create($"identity-{dataType}", "1", path, new ModelConfig(MaxBatchSize: 16));
    }

    // Distinct bytes per position; BOOL keeps to 0 and 1, the only values ONNX defines for it.
    private static byte[] Pattern(int length, TensorDataType dataType) =>
        Enumerable.Range(0, length).Select(i => dataType == TensorDataType.Bool ? (byte)(i % 2) : (byte)((i * 29) + 7)).ToArray();
}
