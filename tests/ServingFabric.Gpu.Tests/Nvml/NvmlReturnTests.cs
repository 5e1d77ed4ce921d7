using ServingFabric.Gpu.Nvml;

namespace ServingFabric.Gpu.Tests.Nvml;

public sealed class NvmlReturnTests
{
    [Theory]
    [InlineData(0, "Success")]
    [InlineData(3, "NotSupported")]
    [InlineData(10, "Timeout")]
    [InlineData(15, "Lost")]
    [InlineData(1, "Failed")]
    [InlineData(4, "Failed")]
    [InlineData(9, "Failed")]
    [InlineData(999, "Failed")]
    public void Classify_Code_Outcome(int code, string expected) =>
        Assert.Equal(expected, NvmlReturn.Classify(code).ToString());

    [Fact]
    public void Describe_WithErrorString_NvmlWordsAndNumber() =>
        Assert.Equal("Insufficient Permissions (NVML error 4)", NvmlReturn.Describe(4, "Insufficient Permissions "));

    [Fact]
    public void Describe_WithoutErrorString_Number() =>
        Assert.Equal("NVML error 9", NvmlReturn.Describe(9, ""));
}
