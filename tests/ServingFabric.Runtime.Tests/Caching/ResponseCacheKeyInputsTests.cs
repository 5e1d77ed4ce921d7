using ServingFabric.Inference;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Caching;

/// <summary>The key keeps its inputs and compares them exactly: a hash collision must never be taken for a hit.</summary>
public sealed class ResponseCacheKeyInputsTests
{
    private static readonly UInt128 ForcedHash = new(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210);

    private static readonly Tensor Image = TensorBytes.Of("image", TensorDataType.Fp32, [1, 4], 1f, 2f, 3f, 4f);

    private static readonly Tensor Mask = TensorBytes.Of("mask", TensorDataType.Fp32, [1, 4], 0f, 1f, 1f, 0f);

    public static TheoryData<string> CollidingVariants => [.. CollidingInputs().Keys];

    [Fact]
    public void Create_EqualInputsInNewArrays_GivesEqualKeysAndHashes()
    {
        Tensor[] copies = [Copy(Image), Copy(Mask)];

        var a = ResponseCacheKey.Create("m", "1", 3, [Image, Mask], null);
        var b = ResponseCacheKey.Create("m", "1", 3, copies, null);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.InputHash, b.InputHash);
    }

    [Fact]
    public void Create_InputsInOtherOrder_GivesDifferentKey()
    {
        var a = ResponseCacheKey.Create("m", "1", 3, [Image, Mask], null);
        var b = ResponseCacheKey.Create("m", "1", 3, [Mask, Image], null);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Create_CallerReusesInputList_KeyKeepsItsInputs()
    {
        var list = new List<Tensor> { Image };
        var key = ResponseCacheKey.Create("m", "1", 3, list, null);

        list[0] = Mask;

        Assert.Equal(ResponseCacheKey.Create("m", "1", 3, [Image], null), key);
        Assert.NotEqual(ResponseCacheKey.Create("m", "1", 3, [Mask], null), key);
    }

    [Fact]
    public void CreateWithInputHash_SameHashAndEqualInputs_GivesEqualKeys()
    {
        var a = ResponseCacheKey.CreateWithInputHash("m", "1", 3, [Image, Mask], null, ForcedHash);
        var b = ResponseCacheKey.CreateWithInputHash("m", "1", 3, [Copy(Image), Copy(Mask)], null, ForcedHash);

        Assert.Equal(a, b);
    }

    [Theory]
    [MemberData(nameof(CollidingVariants))]
    public void CreateWithInputHash_SameHashButInputsDiffer_GivesDifferentKeys(string variant)
    {
        var baseline = ResponseCacheKey.CreateWithInputHash("m", "1", 3, [Image, Mask], null, ForcedHash);
        var colliding = ResponseCacheKey.CreateWithInputHash("m", "1", 3, CollidingInputs()[variant], null, ForcedHash);

        Assert.Equal(baseline.GetHashCode(), colliding.GetHashCode());
        Assert.NotEqual(baseline, colliding);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1024)]
    [InlineData(110 * 1024)]
    public void SizeInBytes_LargerInput_GrowsByTheExtraBytes(int bytes)
    {
        var small = ResponseCacheKey.Create("m", "1", 3, [Raw("image", bytes)], null);
        var large = ResponseCacheKey.Create("m", "1", 3, [Raw("image", 2 * bytes)], null);

        Assert.True(small.SizeInBytes > bytes);
        Assert.Equal(bytes, large.SizeInBytes - small.SizeInBytes);
    }

    [Fact]
    public void SizeInBytes_ExtraInput_CountsItsDataShapeAndName()
    {
        var one = ResponseCacheKey.Create("m", "1", 3, [Image], null);
        var two = ResponseCacheKey.Create("m", "1", 3, [Image, Mask], null);

        var mask = Mask.Data.Length + (sizeof(long) * Mask.Shape.Length) + (sizeof(char) * Mask.Name.Length);
        Assert.Equal(mask, two.SizeInBytes - one.SizeInBytes);
    }

    private static Tensor Copy(Tensor tensor) => new(tensor.Name, tensor.DataType, [.. tensor.Shape], [.. tensor.Data]);

    private static Tensor Raw(string name, int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return new Tensor(name, TensorDataType.UInt8, [length], data);
    }

    private static Dictionary<string, Tensor[]> CollidingInputs()
    {
        var otherByte = Copy(Image);
        otherByte.Data[0] ^= 1;
        return new()
        {
            ["input byte"] = [otherByte, Mask],
            ["input shape"] = [Image with { Shape = [4, 1] }, Mask],
            ["input datatype"] = [Image with { DataType = TensorDataType.Int32 }, Mask],
            ["input name"] = [Image with { Name = "picture" }, Mask],
            ["input order"] = [Mask, Image],
            ["missing input"] = [Image],
            ["extra input"] = [Image, Mask, Mask],
        };
    }
}
