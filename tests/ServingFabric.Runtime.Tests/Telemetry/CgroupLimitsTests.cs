using ServingFabric.Runtime.Telemetry;
using ServingFabric.Runtime.Tests.TestModels;

namespace ServingFabric.Runtime.Tests.Telemetry;

public sealed class CgroupLimitsTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("0::/kubepods/pod1/c1\n", "/kubepods/pod1/c1")]
    [InlineData("0::/\n", "/")]
    [InlineData("12:memory:/docker/abc\n0::/system.slice/x.service\n", "/system.slice/x.service")]
    public void UnifiedPath_CgroupV2Line_ReturnsItsPath(string text, string expected) =>
        Assert.Equal(expected, CgroupLimits.UnifiedPath(text));

    [Theory]
    [InlineData("12:memory:/docker/abc\n11:cpu:/docker/abc\n")]
    [InlineData(null)]
    public void UnifiedPath_CgroupV1OrNoFile_Null(string? text) => Assert.Null(CgroupLimits.UnifiedPath(text));

    [Fact]
    public void MemoryMax_LimitsOnThePath_SmallestWins()
    {
        _root.WriteFile("memory.max", "max\n");
        _root.WriteFile("kubepods/memory.max", "8589934592\n");
        _root.WriteFile("kubepods/pod1/memory.max", "2147483648\n");
        _root.WriteFile("kubepods/pod1/c1/memory.max", "max\n");

        Assert.Equal(2147483648L, CgroupLimits.MemoryMax(_root.Path, "/kubepods/pod1/c1"));
    }

    [Fact]
    public void MemoryMax_ContainerNamespaceRoot_ReadsTheRootFile()
    {
        _root.WriteFile("memory.max", "1073741824\n");

        Assert.Equal(1073741824L, CgroupLimits.MemoryMax(_root.Path, "/"));
    }

    [Fact]
    public void MemoryMax_OnlyMaxOrAbsent_Null()
    {
        _root.WriteFile("a/memory.max", "max\n");

        Assert.Null(CgroupLimits.MemoryMax(_root.Path, "/a/b"));
    }

    [Fact]
    public void CpuMaxCores_QuotaAndPeriod_FractionOfCores()
    {
        _root.WriteFile("cpu.max", "max 100000\n");
        _root.WriteFile("pod/cpu.max", "150000 100000\n");
        _root.WriteFile("pod/c/cpu.max", "300000 100000\n");

        Assert.Equal(1.5, CgroupLimits.CpuMaxCores(_root.Path, "/pod/c"));
    }

    [Fact]
    public void CpuMaxCores_NoQuota_Null()
    {
        _root.WriteFile("cpu.max", "max 100000\n");

        Assert.Null(CgroupLimits.CpuMaxCores(_root.Path, "/"));
    }

    [Fact]
    public void MemTotal_Meminfo_Bytes() =>
        Assert.Equal(16318624L * 1024, CgroupLimits.MemTotal("MemTotal:       16318624 kB\nMemFree:         1000 kB\n"));

    [Fact]
    public void Probe_FakeCgroupAndProc_ReadsTheirLimits()
    {
        _root.WriteFile("sys/memory.max", "536870912\n");
        _root.WriteFile("sys/cpu.max", "50000 100000\n");
        _root.WriteFile("proc/self/cgroup", "0::/\n");
        _root.WriteFile("proc/meminfo", "MemTotal: 1024 kB\n");
        var probe = new ProcessResourceProbe(_root.Combine("sys"), _root.Combine("proc"));

        Assert.Equal(536870912L, probe.MemoryLimitBytes());
        Assert.Equal(0.5, probe.CpuLimitCores());
    }

    [Fact]
    public void Probe_NoCgroupLimits_FallsBackToPhysicalMemoryAndProcessorCount()
    {
        _root.WriteFile("proc/self/cgroup", "0::/\n");
        _root.WriteFile("proc/meminfo", "MemTotal: 2048 kB\n");
        Directory.CreateDirectory(_root.Combine("sys"));
        var probe = new ProcessResourceProbe(_root.Combine("sys"), _root.Combine("proc"));

        Assert.Equal(2048L * 1024, probe.MemoryLimitBytes());
        Assert.Equal(Environment.ProcessorCount, probe.CpuLimitCores());
    }
}
