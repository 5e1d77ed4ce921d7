using ServingFabric.Gpu.Probe;

namespace ServingFabric.Gpu.Tests.Probe;

public sealed class GpuProbeArgumentsTests
{
    [Fact]
    public void TryParse_NoArguments_OneTextSampleEverySecond()
    {
        Assert.True(GpuProbeArguments.TryParse([], out var options, out var help, out var error));

        Assert.Equal(new GpuProbeOptions(), options);
        Assert.Equal(1, options!.Samples);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Interval);
        Assert.False(options.Json);
        Assert.False(help);
        Assert.Null(error);
    }

    [Fact]
    public void TryParse_EveryOption_Parsed()
    {
        Assert.True(GpuProbeArguments.TryParse(["--samples", "10", "--interval", "0.5", "-o", "json"], out var options, out _, out _));

        Assert.Equal(new GpuProbeOptions { Samples = 10, Interval = TimeSpan.FromMilliseconds(500), Json = true }, options);
    }

    [Fact]
    public void TryParse_Help_HelpWithoutOptions()
    {
        Assert.True(GpuProbeArguments.TryParse(["--samples", "x", "--help"], out var options, out var help, out _));

        Assert.True(help);
        Assert.Null(options);
    }

    [Theory]
    [InlineData("--samples", "0", "--samples must be a whole number from 1 to 100000; got '0'; as in --samples 10")]
    [InlineData("--interval", "0", "--interval must be 0.1 to 3600 seconds; got '0'; as in --interval 1")]
    [InlineData("--output", "yaml", "--output got 'yaml'; give table or json, as in --output json")]
    [InlineData("--gateway", "x", "unknown argument '--gateway'; give --samples, --interval or --output, as in fabric-gpu-probe --samples 10 --interval 1")]
    public void TryParse_WrongValue_ErrorNamesOptionAndExample(string name, string value, string expected)
    {
        Assert.False(GpuProbeArguments.TryParse([name, value], out var options, out _, out var error));

        Assert.Null(options);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_OptionWithoutValue_Error()
    {
        Assert.False(GpuProbeArguments.TryParse(["--samples"], out _, out _, out var error));

        Assert.Equal("--samples needs a value, as in --samples 10", error);
    }
}
