using ServingFabric.Inference;
using ServingFabric.Runtime.Validation;
using ServingFabric.Tensors;
using static ServingFabric.Runtime.Tests.Validation.ValidationRequests;

namespace ServingFabric.Runtime.Tests.Validation;

/// <summary>What a replica refuses from a caller that skipped the front, with the front's messages.</summary>
public sealed class ReplicaRequestGuardTests
{
    [Fact]
    public void Check_MissingInputOrOtherTrailingShape_LeftToTheBatchSignature()
    {
        var otherWidth = new Tensor("input", TensorDataType.Fp32, [1, 2], new byte[8]);

        Assert.Equal(1, ReplicaRequestGuard.Check(Request(otherWidth), Batched));
    }

    [Fact]
    public void Check_UnknownInput_RefusedWithTheValidatorsMessage()
    {
        AssertInvalid("unknown input 'z'; model 'm' expects inputs: input, text", Request(Input(1) with { Name = "z" }));
    }

    [Fact]
    public void Check_OtherDatatype_RefusedBeforeItsLengthIsRead()
    {
        AssertInvalid("input 'input': expected datatype FP32, got INT64", Request(new Tensor("input", TensorDataType.Int64, [1, 3], new byte[24])));
    }

    [Fact]
    public void Check_DatatypeOutsideTheEnum_RefusedNamingItsNumber()
    {
        AssertInvalid("input 'input': expected datatype FP32, got 99", Request(new Tensor("input", (TensorDataType)99, [1, 3], new byte[12])));
    }

    [Fact]
    public void Check_DataShorterThanShape_Refused()
    {
        AssertInvalid(
            "input 'input': shape [1,3] holds 3 FP32 elements (3×4 bytes), got 11 bytes of data",
            Request(new Tensor("input", TensorDataType.Fp32, [1, 3], new byte[11])));
    }

    [Fact]
    public void Check_NegativeDimension_Refused()
    {
        AssertInvalid("input 'input': dimension 1 is -3; dimensions must be 0 or more", Request(new Tensor("input", TensorDataType.Fp32, [1, -3], [])));
    }

    [Fact]
    public void Check_BatchAboveTheMaximum_Refused()
    {
        AssertInvalid("input 'input': batch size (dimension 0) must be between 1 and 4, got 5; split larger requests", Request(Input(5)));
    }

    [Fact]
    public void Check_InputsDisagreeOnRows_Refused()
    {
        AssertInvalid("input 'text': batch size 1 differs from input 'input' (2); all inputs must have the same first dimension", Request(Input(2), Text(1)));
    }

    [Fact]
    public void Check_BytesElementCutShort_Refused()
    {
        var text = Text(1);

        AssertInvalid(
            "input 'text': BYTES data ends inside an element; each element is a 4-byte little-endian length followed by that many bytes",
            Request(text with { Data = text.Data[..^1] }));
    }

    [Fact]
    public void Check_UnknownOutput_Refused()
    {
        AssertInvalid("unknown output 'logits'; model 'm' has outputs: output, score", Request(Input(1)) with { Outputs = [new RequestedOutput("logits")] });
    }

    [Fact]
    public void Check_WellFormedRequest_ReturnsRows()
    {
        Assert.Equal(2, ReplicaRequestGuard.Check(Request(Input(2), Text(2)), Batched));
    }

    private static void AssertInvalid(string message, InferenceRequest request)
    {
        var error = Assert.Throws<InferenceException>(() => ReplicaRequestGuard.Check(request, Batched));
        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Equal(message, error.Message);
    }
}
