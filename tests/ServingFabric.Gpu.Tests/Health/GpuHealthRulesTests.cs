using ServingFabric.Gpu.Health;

namespace ServingFabric.Gpu.Tests.Health;

public sealed class GpuHealthRulesTests
{
    [Fact]
    public void Assess_EccCountAtStart_TakenAsBaselineAndHealthy()
    {
        var rules = new GpuHealthRules();

        Assert.Null(rules.Assess(0, lost: false, eccUncorrected: 7));
        Assert.Null(rules.Assess(0, lost: false, eccUncorrected: 7));
    }

    [Fact]
    public void Assess_EccGrownSinceBaseline_UnhealthyNamingBothCounts()
    {
        var rules = new GpuHealthRules();
        rules.Assess(0, lost: false, eccUncorrected: 7);

        var problem = rules.Assess(0, lost: false, eccUncorrected: 9);

        Assert.StartsWith("uncorrectable ECC errors grew from 7 to 9 since this process started", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_EccNotSupported_Healthy()
    {
        var rules = new GpuHealthRules();

        Assert.Null(rules.Assess(0, lost: false, eccUncorrected: null));
        Assert.Null(rules.Assess(0, lost: false, eccUncorrected: null));
    }

    [Fact]
    public void Assess_EccGrownOnOtherDevice_ThisDeviceHealthy()
    {
        var rules = new GpuHealthRules();
        rules.Assess(0, lost: false, eccUncorrected: 0);
        rules.Assess(1, lost: false, eccUncorrected: 0);

        Assert.NotNull(rules.Assess(1, lost: false, eccUncorrected: 1));
        Assert.Null(rules.Assess(0, lost: false, eccUncorrected: 0));
    }

    [Fact]
    public void Assess_Lost_UnhealthyLost()
    {
        var problem = new GpuHealthRules().Assess(0, lost: true, eccUncorrected: null);

        Assert.StartsWith("lost:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_LostThenAnswersAgain_StaysUnhealthy()
    {
        var rules = new GpuHealthRules();
        var lost = rules.Assess(0, lost: true, eccUncorrected: null);

        Assert.Equal(lost, rules.Assess(0, lost: false, eccUncorrected: 0));
    }

    [Fact]
    public void Assess_EccGrownThenReadingClean_StaysUnhealthy()
    {
        var rules = new GpuHealthRules();
        rules.Assess(0, lost: false, eccUncorrected: 0);
        var grown = rules.Assess(0, lost: false, eccUncorrected: 2);

        Assert.Equal(grown, rules.Assess(0, lost: false, eccUncorrected: 0));
    }

    [Theory]
    [InlineData(48ul, "double-bit ECC error")]
    [InlineData(79ul, "GPU has fallen off the bus")]
    [InlineData(95ul, "uncontained ECC error")]
    [InlineData(119ul, "GSP RPC timeout")]
    public void RecordXid_FatalXid_DeviceUnhealthyAndStaysSo(ulong xid, string description)
    {
        var rules = new GpuHealthRules();
        rules.Assess(0, lost: false, eccUncorrected: 0);

        Assert.True(rules.RecordXid(0, xid));
        var problem = rules.Assess(0, lost: false, eccUncorrected: 0);

        Assert.StartsWith($"fatal XID {xid} ({description})", problem, StringComparison.Ordinal);
        Assert.Equal(problem, rules.Assess(0, lost: false, eccUncorrected: 0));
        Assert.Null(rules.Assess(1, lost: false, eccUncorrected: 0));
    }

    [Theory]
    [InlineData(13ul)]
    [InlineData(31ul)]
    [InlineData(43ul)]
    [InlineData(63ul)]
    [InlineData(999ul)]
    public void RecordXid_NonFatalXid_DeviceStaysHealthy(ulong xid)
    {
        var rules = new GpuHealthRules();

        Assert.False(rules.RecordXid(0, xid));
        Assert.Null(rules.Assess(0, lost: false, eccUncorrected: 0));
    }

    [Fact]
    public void Assess_FirstFatalXidOfSeveral_IsTheOneReported()
    {
        var rules = new GpuHealthRules();
        rules.RecordXid(0, 48);
        rules.RecordXid(0, 79);

        Assert.StartsWith("fatal XID 48", rules.Assess(0, lost: false, eccUncorrected: 0), StringComparison.Ordinal);
    }
}
