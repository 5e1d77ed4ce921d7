using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Runtime.Telemetry;

namespace ServingFabric.Runtime.Tests.Telemetry;

public sealed class SiloResourceMonitorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeProbe _probe = new() { Cores = 2, WorkingSet = 256L << 20, Limit = 1L << 30 };

    [Fact]
    public void Current_BeforeTheFirstInterval_MemoryKnownCpuZero()
    {
        using var monitor = Monitor();

        Assert.Equal(0, monitor.Current.CpuUtilization);
        Assert.Equal(0.25, monitor.Current.MemoryUtilization);
        Assert.Equal((256L << 20, 1L << 30, 2.0), (monitor.Current.WorkingSetBytes, monitor.Current.MemoryLimitBytes, monitor.Current.CpuLimitCores));
    }

    [Fact]
    public void Timer_OneInterval_CpuTimeOverWallTimeTimesCores()
    {
        using var monitor = Monitor();

        // 5 s of CPU in 5 s of wall time on 2 cores: half the silo's CPU.
        _probe.CpuTime += TimeSpan.FromSeconds(5);
        _time.Advance(Interval);

        Assert.Equal(0.5, monitor.Current.CpuUtilization, 9);
        Assert.Equal(50, monitor.Current.CpuPercent, 9);
        Assert.Equal(_time.GetUtcNow(), monitor.Current.At);
    }

    [Fact]
    public void Timer_EachInterval_AveragesOnlyItsOwnCpuTime()
    {
        using var monitor = Monitor();
        _probe.CpuTime += TimeSpan.FromSeconds(10);
        _time.Advance(Interval);
        Assert.Equal(1, monitor.Current.CpuUtilization, 9);

        _probe.CpuTime += TimeSpan.FromSeconds(1);
        _probe.WorkingSet = 768L << 20;
        _time.Advance(Interval);

        Assert.Equal(0.1, monitor.Current.CpuUtilization, 9);
        Assert.Equal(0.75, monitor.Current.MemoryUtilization, 9);
    }

    [Fact]
    public void Timer_ProbeFails_KeepsTheLastReading()
    {
        using var monitor = Monitor();
        _probe.CpuTime += TimeSpan.FromSeconds(2.5);
        _time.Advance(Interval);
        var last = monitor.Current;

        _probe.Failure = new IOException("cgroup gone");
        _time.Advance(Interval);

        Assert.Same(last, monitor.Current);
    }

    [Fact]
    public void Gauges_ReportTheCurrentReadingAsRatios()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var monitor = Monitor();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var metrics = new ServingFabricMetrics(meterFactory, resources: monitor);
        _probe.CpuTime += TimeSpan.FromSeconds(3);
        _time.Advance(Interval);
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: other tests' meters of the same name run in parallel.
            if (instrument.Meter.Scope == meterFactory && instrument.Name.StartsWith("servingfabric.silo.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => values[i.Name] = v);
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => values[i.Name] = v);
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(0.3, values[ServingFabricMetricNames.SiloCpuUtilization], 9);
        Assert.Equal(0.25, values[ServingFabricMetricNames.SiloMemoryUtilization], 9);
        Assert.Equal(256L << 20, values["servingfabric.silo.memory.working_set"]);
        Assert.Equal(1L << 30, values["servingfabric.silo.memory.limit"]);
    }

    [Fact]
    public void Constructor_NonPositiveInterval_RefusedNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new SiloResourceMonitor(_time, Options.Create(new SiloResourceMonitorOptions { SampleInterval = TimeSpan.Zero }), _probe));

        Assert.Contains("ServingFabric:Silo:ResourceSampleInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RealProbe_ThisProcess_ReadsPlausibleValues()
    {
        using var monitor = new SiloResourceMonitor(_time);

        var snapshot = monitor.Sample();

        Assert.InRange(snapshot.MemoryUtilization, double.Epsilon, 1);
        Assert.True(snapshot.WorkingSetBytes > 0);
        Assert.True(snapshot.MemoryLimitBytes >= snapshot.WorkingSetBytes);
        Assert.InRange(snapshot.CpuLimitCores, 0.001, Environment.ProcessorCount);
    }

    private SiloResourceMonitor Monitor() =>
        new(_time, Options.Create(new SiloResourceMonitorOptions { SampleInterval = Interval }), _probe);

    private sealed class FakeProbe : ISiloResourceProbe
    {
        public TimeSpan CpuTime { get; set; }

        public long WorkingSet { get; set; }

        public long Limit { get; set; }

        public double Cores { get; set; }

        public Exception? Failure { get; set; }

        public TimeSpan ProcessCpuTime() => Failure is null ? CpuTime : throw Failure;

        public long WorkingSetBytes() => WorkingSet;

        public double CpuLimitCores() => Cores;

        public long MemoryLimitBytes() => Limit;
    }
}
