using ServingFabric.Optimization.Quantization;

namespace ServingFabric.Optimization.Tests.Quantization;

/// <summary>
/// x64 CPUs without VNNI sum u8 × s8 products in pairs within 16 bits: weights are kept from saturating those sums
/// (255 × pair ≤ 32767) with as many levels as each column allows.
/// </summary>
public sealed class Int8SaturationTests
{
    [Theory]
    [InlineData("flags\t\t: fpu vme sse2 avx avx2 fma", true)]
    [InlineData("flags\t\t: fpu avx2 avx512f avx512bw avx512_vnni", false)]
    [InlineData("flags\t\t: fpu avx2 avx_vnni", false)]
    [InlineData("processor : 0\nmodel name : unknown", true)]
    public void SaturatesOn_CpuinfoFlags_TrueWithoutEitherVnni(string cpuinfo, bool saturates)
    {
        Assert.Equal(saturates, Int8Cpu.SaturatesOn(cpuinfo));
    }

    [Fact]
    public void Quantize_AvoidingSaturation_LowersOnlyTheColumnWhosePairWouldSaturate()
    {
        // Rows are the reduction axis. Column 0: the pair (1.0, 0.9) adds up to 241 levels at full range; column 1
        // alternates signs, so no same-sign pair exceeds its largest weight. 255 × 128 = 32640 fits in 16 bits.
        float[] weights = [1.0f, 1.0f, 0.9f, -0.9f, 0.1f, 0.5f, -0.1f, -0.5f];

        var (values, scales) = SymmetricInt8.Quantize(weights, rows: 4, columns: 2, perColumn: true, range: null, avoidPairSaturation: true);

        Assert.Equal(1.0f / 66, scales[0], 6);
        Assert.Equal(1.0f / 127, scales[1], 6);
        for (var pair = 0; pair < 4; pair += 2)
        {
            for (var c = 0; c < 2; c++)
            {
                var a = values[(pair * 2) + c];
                var b = values[((pair + 1) * 2) + c];
                Assert.InRange(Math.Max(0, (int)a) + Math.Max(0, (int)b), 0, 128);
                Assert.InRange(Math.Min(0, (int)a) + Math.Min(0, (int)b), -128, 0);
            }
        }
    }

    [Fact]
    public void Quantize_WithoutAvoidingSaturation_FullRange()
    {
        float[] weights = [1.0f, 0.9f];

        var (values, scales) = SymmetricInt8.Quantize(weights, rows: 2, columns: 1, perColumn: true, range: null);

        Assert.Equal(1.0f / 127, scales[0], 6);
        Assert.Equal([127, 114], values.Select(v => (int)v));
    }

    [Fact]
    public void Quantize_AnyPairForConvolutions_NeverBelowSevenBits()
    {
        // Four equal weights: any two add up to twice the largest, so 63 levels (126 / 2) is what is left.
        float[] weights = [0.5f, 0.5f, 0.5f, 0.5f];

        var (_, scales) = SymmetricInt8.Quantize(weights, rows: 4, columns: 1, perColumn: true, range: null, avoidPairSaturation: true, anyPair: true);

        Assert.Equal(0.5f / 63, scales[0], 6);
    }
}
