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
    public void Plan_TwoCoresUnforced_StaysShared()
    {
        Assert.Null(CoreSplit.Plan([0, 1], force: false));
    }

    [Fact]
    public void Plan_TwoCoresForced_GivesTheSiloTheFirstAndTheGeneratorTheSecond()
    {
        var split = CoreSplit.Plan([0, 1], force: true)!;

        Assert.Equal([0], split.ServerCores);
        Assert.Equal([1], split.ClientCores);
        Assert.Equal(1, split.ServerThreads);
    }

    [Fact]
    public void Plan_SixteenCores_GivesTheGeneratorAQuarter()
    {
        var split = CoreSplit.Plan([.. Enumerable.Range(0, 16)], force: false)!;

        Assert.Equal(12, split.ServerThreads);
        Assert.Equal([12, 13, 14, 15], split.ClientCores);
    }

    [Fact]
    public void Plan_ThreeCores_GivesTheGeneratorOne()
    {
        var split = CoreSplit.Plan([4, 5, 6], force: false)!;

        Assert.Equal([4, 5], split.ServerCores);
        Assert.Equal([6], split.ClientCores);
    }

    [Fact]
    public void Plan_OneCore_CannotSplitEvenForced()
    {
        Assert.Null(CoreSplit.Plan([3], force: true));
    }

    [Fact]
    public void Parse_EncodedSplit_RoundTrips()
    {
        var split = CoreSplit.Plan([0, 1, 2, 3], force: false)!;

        var parsed = CoreSplit.Parse(split.Encoded);

        Assert.Equal("0,1,2/3", split.Encoded);
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
    [InlineData("shared", CoreLayout.Shared)]
    [InlineData("split", CoreLayout.Split)]
    [InlineData("auto", CoreLayout.Auto)]
    internal void PerfSettings_CoresOption_IsParsed(string value, CoreLayout expected)
    {
        var settings = PerfSettings.Parse(["cache", "--cores", value], "out");

        Assert.Equal(expected, settings.Cores);
    }

    [Fact]
    public void PerfSettings_NoCoresOption_IsAuto()
    {
        Assert.Equal(CoreLayout.Auto, PerfSettings.Parse(["cache"], "out").Cores);
    }

    [Fact]
    public void PerfSettings_UnknownCoresValue_IsRefusedWithUsage()
    {
        var error = Assert.Throws<ArgumentException>(() => PerfSettings.Parse(["cache", "--cores", "half"], "out"));

        Assert.Contains("--cores half", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanPin_ACoreThisProcessMayUse_IsTrueWhereTasksetIsInstalled()
    {
        var allowed = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        var first = CoreSplit.ParseList(allowed["Cpus_allowed_list:".Length..])[0];

        Assert.Equal(Taskset.Path is not null, Taskset.CanPin(first.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void CanPin_ACoreTheMachineDoesNotHave_IsFalse()
    {
        Assert.False(Taskset.CanPin("4095"));
    }
}
