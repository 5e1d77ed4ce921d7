using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Tests.Batching;
using ServingFabric.Runtime.Validation;
using ServingFabric.Tensors;
using static ServingFabric.Runtime.Tests.Validation.ValidationRequests;

namespace ServingFabric.Runtime.Tests.Validation;

public sealed class RequestValidatorTests
{
    [Fact]
    public void Validate_ValidBatchedRequest_ReturnsRows()
    {
        Assert.Equal(2, RequestValidator.Validate(Request(Input(2), Text(2)), Batched));
    }

    [Fact]
    public void Validate_ModelWithoutBatching_ReturnsOne()
    {
        var metadata = Batched with { Inputs = [new TensorMetadata("input", TensorDataType.Fp32, [2, 3])], MaxBatchSize = 0 };

        Assert.Equal(1, RequestValidator.Validate(Request(Input(2)), metadata));
    }

    [Fact]
    public void Validate_InputMissing_NamesItAndListsExpected()
    {
        AssertInvalid("input 'text' is missing; model 'm' expects inputs: input, text", Request(Input(1)));
    }

    [Fact]
    public void Validate_UnknownInput_NamesItAndListsExpected()
    {
        AssertInvalid("unknown input 'extra'; model 'm' expects inputs: input, text", Request(Input(1), Text(1), Input(1) with { Name = "extra" }));
    }

    [Fact]
    public void Validate_InputTwice_NamesIt()
    {
        AssertInvalid("input 'input' appears more than once; send each input exactly once", Request(Input(1), Input(1), Text(1)));
    }

    [Fact]
    public void Validate_WrongDatatype_NamesTensorAndBothTypes()
    {
        var wrong = new Tensor("input", TensorDataType.Int64, [1, 3], new byte[24]);

        AssertInvalid("input 'input': expected datatype FP32, got INT64", Request(wrong, Text(1)));
    }

    [Fact]
    public void Validate_WrongRank_NamesBothShapes()
    {
        var wrong = new Tensor("input", TensorDataType.Fp32, [3], new byte[12]);

        AssertInvalid("input 'input': expected shape [-1,3] (rank 2), got [3] (rank 1)", Request(wrong, Text(1)));
    }

    [Fact]
    public void Validate_FixedDimensionDiffers_NamesDimension()
    {
        var wrong = new Tensor("input", TensorDataType.Fp32, [1, 4], new byte[16]);

        AssertInvalid("input 'input': dimension 1 must be 3 (model shape [-1,3]), got 4", Request(wrong, Text(1)));
    }

    [Fact]
    public void Validate_NegativeDimension_Rejected()
    {
        var wrong = new Tensor("input", TensorDataType.Fp32, [1, -3], []);

        AssertInvalid("input 'input': dimension 1 is -3; dimensions must be 0 or more", Request(wrong, Text(1)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    public void Validate_BatchOutsideOneToMax_Rejected(int rows)
    {
        AssertInvalid($"input 'input': batch size (dimension 0) must be between 1 and 4, got {rows}; split larger requests", Request(Input(rows), Text(rows)));
    }

    [Fact]
    public void Validate_InputsDisagreeOnBatch_NamesBoth()
    {
        AssertInvalid("input 'text': batch size 1 differs from input 'input' (2); all inputs must have the same first dimension", Request(Input(2), Text(1)));
    }

    [Fact]
    public void Validate_DataShorterThanShape_SaysBytesExpected()
    {
        var wrong = new Tensor("input", TensorDataType.Fp32, [1, 3], new byte[11]);

        AssertInvalid("input 'input': shape [1,3] holds 3 FP32 elements (3×4 bytes), got 11 bytes of data", Request(wrong, Text(1)));
    }

    [Fact]
    public void Validate_BytesElementCountDiffers_SaysCount()
    {
        var wrong = BatchTensorsTests.Strings("text", [1, 2], "only one");

        AssertInvalid("input 'text': shape [1,2] holds 2 BYTES elements, got 1", Request(Input(1), wrong));
    }

    [Fact]
    public void Validate_BytesTrailingData_Rejected()
    {
        var text = Text(1);
        var wrong = text with { Data = [.. text.Data, 7] };

        AssertInvalid("input 'text': BYTES data has 1 bytes after the 2 elements shape [1,2] holds; send exactly 2 elements", Request(Input(1), wrong));
    }

    [Fact]
    public void Validate_BytesElementCutShort_ExplainsLayout()
    {
        var text = Text(1);
        var wrong = text with { Data = text.Data[..^1] };

        AssertInvalid(
            "input 'text': BYTES data ends inside an element; each element is a 4-byte little-endian length followed by that many bytes",
            Request(Input(1), wrong));
    }

    [Fact]
    public void Validate_UnknownOutput_NamesItAndListsOutputs()
    {
        AssertInvalid(
            "unknown output 'logits'; model 'm' has outputs: output, score",
            Request(Input(1), Text(1)) with { Outputs = [new RequestedOutput("score"), new RequestedOutput("logits")] });
    }

    [Fact]
    public void Validate_OutputTwice_Rejected()
    {
        AssertInvalid(
            "output 'score' is requested more than once; request each output once",
            Request(Input(1), Text(1)) with { Outputs = [new RequestedOutput("score"), new RequestedOutput("score")] });
    }

    private static void AssertInvalid(string message, InferenceRequest request)
    {
        var error = Assert.Throws<InferenceException>(() => RequestValidator.Validate(request, Batched));
        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Equal(message, error.Message);
    }
}
