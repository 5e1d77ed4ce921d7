using ServingFabric.Optimization.Quantization;

namespace ServingFabric.Optimization.Tests.Quantization;

public sealed class SymmetricInt8Tests
{
    // [[1, -0.5], [-2, 0.25]]: column maxima 2 and 0.5, overall maximum 2.
    private static readonly float[] Matrix = [1f, -0.5f, -2f, 0.25f];

    [Fact]
    public void Quantize_PerTensor_OneScaleFromTheLargestWeight()
    {
        var (values, scales) = SymmetricInt8.Quantize(Matrix, rows: 2, columns: 2, perColumn: false, range: null);

        Assert.Equal([2f / 127], scales);
        Assert.Equal(new sbyte[] { 64, -32, -127, 16 }, values);
    }

    [Fact]
    public void Quantize_PerColumn_EachColumnUsesTheWholeRange()
    {
        var (values, scales) = SymmetricInt8.Quantize(Matrix, rows: 2, columns: 2, perColumn: true, range: null);

        Assert.Equal([2f / 127, 0.5f / 127], scales);
        Assert.Equal(new sbyte[] { 64, -127, -127, 64 }, values);
    }

    [Fact]
    public void Quantize_RangeBelowTheWeights_Saturates()
    {
        var (values, _) = SymmetricInt8.Quantize(Matrix, rows: 2, columns: 2, perColumn: false, range: 0.25f);

        Assert.Equal(new sbyte[] { 127, -127, -127, 127 }, values);
    }

    [Fact]
    public void Quantize_ReducedRange_SevenBits()
    {
        var (values, scales) = SymmetricInt8.Quantize([0.5f, -1.2f, -0.25f, 2f], rows: 2, columns: 2, perColumn: false, range: null, SymmetricInt8.ReducedLevels);

        Assert.Equal([2f / 63], scales);
        Assert.Equal(new sbyte[] { 16, -38, -8, 63 }, values);
    }

    [Fact]
    public void Quantize_AllZeroColumn_ScaleOneAndZeros()
    {
        var (values, scales) = SymmetricInt8.Quantize([0f, 1f, 0f, -1f], rows: 2, columns: 2, perColumn: true, range: null);

        Assert.Equal([1f, 1f / 127], scales);
        Assert.Equal(new sbyte[] { 0, 127, 0, -127 }, values);
    }
}
