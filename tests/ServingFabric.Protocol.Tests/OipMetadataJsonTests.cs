using System.Text;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Tests;

public sealed class OipMetadataJsonTests
{
    private static readonly ModelMetadata Metadata = new(
        "resnet",
        "2",
        "onnxruntime_onnx",
        [new TensorMetadata("image", TensorDataType.Fp32, [-1, 3, 224, 224]), new TensorMetadata("mask", TensorDataType.Bool, [])],
        [new TensorMetadata("probs", TensorDataType.Fp16, [-1, 1000])],
        8);

    [Fact]
    public void WriteModelMetadata_Model_WritesSpecFieldsOnly()
    {
        var json = Encoding.UTF8.GetString(OipMetadataJson.WriteModelMetadata(Metadata, ["2", "1"]));

        Assert.Equal(
            """{"name":"resnet","versions":["2","1"],"platform":"onnxruntime_onnx","inputs":[{"name":"image","datatype":"FP32","shape":[-1,3,224,224]},{"name":"mask","datatype":"BOOL","shape":[]}],"outputs":[{"name":"probs","datatype":"FP16","shape":[-1,1000]}]}""",
            json);
    }

    [Fact]
    public void ReadModelMetadata_WrittenMetadata_RoundTripsExceptMaxBatchSize()
    {
        var read = OipMetadataJson.ReadModelMetadata(OipMetadataJson.WriteModelMetadata(Metadata, ["2", "1"]));

        Assert.Equal(("resnet", "2", "onnxruntime_onnx", 0), (read.Name, read.Version, read.Platform, read.MaxBatchSize));
        Assert.Equal(["image", "mask"], read.Inputs.Select(i => i.Name));
        Assert.Equal(TensorDataType.Fp32, read.Inputs[0].DataType);
        Assert.Equal([-1L, 3, 224, 224], read.Inputs[0].Shape);
        Assert.Empty(read.Inputs[1].Shape);
        Assert.Equal([-1L, 1000], Assert.Single(read.Outputs).Shape);
    }

    [Fact]
    public void ReadModelMetadata_NoVersionsOrPlatform_UsesEmptyStrings()
    {
        var read = OipMetadataJson.ReadModelMetadata("""{"name":"m","inputs":[],"outputs":[]}"""u8);

        Assert.Equal(string.Empty, read.Version);
        Assert.Equal(string.Empty, read.Platform);
    }

    [Theory]
    [InlineData("""{"versions":[]}""", "missing \"name\"")]
    [InlineData("""{"name":"m","inputs":[{"name":"x","datatype":"FLOAT","shape":[1]}]}""", "inputs[0] has datatype \"FLOAT\"")]
    [InlineData("""{"name":"m","outputs":[{"name":"y","datatype":"FP32","shape":[-2]}]}""", "outputs[0]: shape[0] is the number -2")]
    [InlineData("""{"name":"m","versions":[1]}""", "versions[0] is the number 1")]
    [InlineData("not json", "not valid JSON")]
    public void ReadModelMetadata_Malformed_ThrowsInternalNamingTheField(string json, string expected)
    {
        var ex = Assert.Throws<InferenceException>(() => OipMetadataJson.ReadModelMetadata(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(InferenceErrorKind.Internal, ex.Kind);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteServerMetadata_Fields_WritesNameVersionExtensions()
    {
        var json = Encoding.UTF8.GetString(OipMetadataJson.WriteServerMetadata("servingfabric", "1.0.0", ["binary_tensor_data", "model_repository"]));

        Assert.Equal("""{"name":"servingfabric","version":"1.0.0","extensions":["binary_tensor_data","model_repository"]}""", json);
    }
}
