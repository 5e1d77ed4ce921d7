using ServingFabric.Inference;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Caching;

public sealed class ResponseCacheKeyTests
{
    private static readonly Tensor Input = TensorBytes.Of("input", TensorDataType.Fp32, [1, 4], 1f, 2f, 3f, 4f);

    public static TheoryData<string> Variants => [.. VariantKeys().Keys];

    [Fact]
    public void Create_SameRequestParts_GivesEqualKeys()
    {
        var copy = new Tensor("input", TensorDataType.Fp32, [1, 4], [.. Input.Data]);

        var a = ResponseCacheKey.Create("m", "1", 3, [Input], [new RequestedOutput("label"), new RequestedOutput("probabilities")]);
        var b = ResponseCacheKey.Create("m", "1", 3, [copy], [new RequestedOutput("label"), new RequestedOutput("probabilities")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Create_OnePartDiffers_GivesDifferentKey(string variant)
    {
        var baseline = ResponseCacheKey.Create("m", "1", 3, [Input], [new RequestedOutput("label"), new RequestedOutput("probabilities")]);

        Assert.NotEqual(baseline, VariantKeys()[variant]);
    }

    [Fact]
    public void Create_OutputParametersDiffer_GivesEqualKeys()
    {
        // binary_data picks the wire encoding; the gateway encodes every answer for its own request.
        var binary = new Dictionary<string, string> { ["binary_data"] = "true" };

        var plain = ResponseCacheKey.Create("m", "1", 3, [Input], [new RequestedOutput("label")]);
        var encoded = ResponseCacheKey.Create("m", "1", 3, [Input], [new RequestedOutput("label", binary)]);

        Assert.Equal(plain, encoded);
    }

    [Fact]
    public void Create_NullOrEmptyOutputs_GiveEqualKeys()
    {
        Assert.Equal(ResponseCacheKey.Create("m", "1", 3, [Input], null), ResponseCacheKey.Create("m", "1", 3, [Input], []));
    }

    [Fact]
    public void Create_BytesMovedBetweenInputs_GivesDifferentKey()
    {
        // Without length prefixes ("ab" + "c") and ("a" + "bc") would hash the same and reach the exact comparison.
        var a = ResponseCacheKey.Create("m", "1", 3, [Bytes("x", 1, 2), Bytes("y", 3)], null);
        var b = ResponseCacheKey.Create("m", "1", 3, [Bytes("x", 1), Bytes("y", 2, 3)], null);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a.InputHash, b.InputHash);
    }

    private static Tensor Bytes(string name, params byte[] data) => new(name, TensorDataType.UInt8, [data.Length], data);

    private static Dictionary<string, ResponseCacheKey> VariantKeys()
    {
        RequestedOutput[] outputs = [new("label"), new("probabilities")];
        var otherByte = Input with { Data = [.. Input.Data] };
        otherByte.Data[^1] ^= 1;
        return new()
        {
            ["input byte"] = ResponseCacheKey.Create("m", "1", 3, [otherByte], outputs),
            ["input shape"] = ResponseCacheKey.Create("m", "1", 3, [Input with { Shape = [4, 1] }], outputs),
            ["input datatype"] = ResponseCacheKey.Create("m", "1", 3, [Input with { DataType = TensorDataType.Int32 }], outputs),
            ["input name"] = ResponseCacheKey.Create("m", "1", 3, [Input with { Name = "features" }], outputs),
            ["extra input"] = ResponseCacheKey.Create("m", "1", 3, [Input, Input with { Name = "mask" }], outputs),
            ["output subset"] = ResponseCacheKey.Create("m", "1", 3, [Input], [new("label")]),
            ["all outputs"] = ResponseCacheKey.Create("m", "1", 3, [Input], null),
            ["output order"] = ResponseCacheKey.Create("m", "1", 3, [Input], [new("probabilities"), new("label")]),
            ["version"] = ResponseCacheKey.Create("m", "2", 3, [Input], outputs),
            ["revision"] = ResponseCacheKey.Create("m", "1", 4, [Input], outputs),
            ["model"] = ResponseCacheKey.Create("n", "1", 3, [Input], outputs),
        };
    }
}
