using ServingFabric.Perf.Cli;
using ServingFabric.Perf.Fabric;

namespace ServingFabric.Perf.Tests;

/// <summary>How the benchmark divides the machine between the silo and the load generator.</summary>
public sealed class CoreSplitTests
{
    [Theory]
    [InlineData("0-1", new[] { 0, 1 })]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-3,8,10-11", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData(" 2 , 4-5 \n", new[] { 2, 4, 5 })]
    public void ParseList_LinuxCpuList_ExpandsRanges(string list, int[] expected)
    {
        Assert.Equal(expected, CoreSplit.ParseList(list));
    }

    [Fact]
    public void Halve_TwoCores_GivesTheSiloTheFirstAndTheGeneratorTheSecond()
    {
        var split = CoreSplit.Halve([0, 1])!;

        Assert.Equal([0], split.ServerCores);
        Assert.Equal([1], split.ClientCores);
        Assert.Equal(1, split.ServerThreads);
    }

    [Fact]
    public void Halve_OddCount_GivesTheSiloTheLargerHalf()
    {
        var split = CoreSplit.Halve([4, 5, 6, 7, 8])!;

        Assert.Equal([4, 5, 6], split.ServerCores);
        Assert.Equal([7, 8], split.ClientCores);
    }

    [Fact]
    public void Halve_OneCore_CannotSplit()
    {
        Assert.Null(CoreSplit.Halve([3]));
    }

    [Fact]
    public void Parse_EncodedSplit_RoundTrips()
    {
        var split = CoreSplit.Halve([0, 1, 2, 3])!;

        var parsed = CoreSplit.Parse(split.Encoded);

        Assert.Equal("0,1/2,3", split.Encoded);
        Assert.Equal(split.ServerCores, parsed.ServerCores);
        Assert.Equal(split.ClientCores, parsed.ClientCores);
    }

    [Fact]
    public void Parse_NoSlash_ThrowsNamingTheVariable()
    {
        var error = Assert.Throws<FormatException>(() => CoreSplit.Parse("0,1"));

        Assert.Contains(CoreSplit.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shared", true)]
    [InlineData("split", false)]
    public void PerfSettings_CoresOption_IsParsed(string value, bool shared)
    {
        var settings = PerfSettings.Parse(["cache", "--cores", value], "out");

        Assert.Equal(shared, settings.SharedCores);
    }

    [Fact]
    public void PerfSettings_UnknownCoresValue_IsRefusedWithUsage()
    {
        var error = Assert.Throws<ArgumentException>(() => PerfSettings.Parse(["cache", "--cores", "half"], "out"));

        Assert.Contains("--cores half", error.Message, StringComparison.Ordinal);
    }
}
