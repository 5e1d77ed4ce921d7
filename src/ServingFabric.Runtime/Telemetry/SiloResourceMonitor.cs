using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ServingFabric.Runtime.Telemetry;

/// <summary>
/// The silo's CPU and memory, read on a timer (a singleton): process CPU time over the interval against the cores the
/// container may use, and the working set against its memory limit. The autoscaler and placement read
/// <see cref="Current"/>; <see cref="ServingFabricMetrics"/> exports it for a Kubernetes HPA or KEDA.
/// </summary>
public sealed partial class SiloResourceMonitor : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ISiloResourceProbe _probe;
    private readonly ILogger _logger;
    private readonly object _sampling = new();
    private readonly ITimer _timer;
    private TimeSpan _lastCpuTime;
    private long _lastTimestamp;
    private SiloResourceSnapshot _current;
    private bool _probeFailing;

    /// <param name="time">Drives the sampling timer and the interval measurement.</param>
    /// <param name="options">The sampling interval; null means every 5 s.</param>
    /// <param name="probe">Where readings come from; null reads this process and its cgroup.</param>
    /// <param name="logger">Reports readings that fail; null logs nothing.</param>
    public SiloResourceMonitor(
        TimeProvider time,
        IOptions<SiloResourceMonitorOptions>? options = null,
        ISiloResourceProbe? probe = null,
        ILogger<SiloResourceMonitor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var interval = options?.Value.SampleInterval ?? new SiloResourceMonitorOptions().SampleInterval;
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), interval, "ServingFabric:Silo:ResourceSampleInterval must be positive, for example 00:00:05.");
        }

        _time = time;
        _probe = probe ?? new ProcessResourceProbe();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _lastCpuTime = _probe.ProcessCpuTime();
        _lastTimestamp = time.GetTimestamp();

        // Until the first interval ends there is no CPU rate to report; memory is known at once.
        _current = Read(cpuUtilization: 0);
        _timer = time.CreateTimer(static state => ((SiloResourceMonitor)state!).SampleSafely(), this, interval, interval);
    }

    /// <summary>The latest reading.</summary>
    public SiloResourceSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Takes a reading now: CPU is averaged since the previous one. The timer calls it every interval.</summary>
    public SiloResourceSnapshot Sample()
    {
        lock (_sampling)
        {
            var now = _time.GetTimestamp();
            var cpuTime = _probe.ProcessCpuTime();
            var wall = _time.GetElapsedTime(_lastTimestamp, now);
            var cores = _probe.CpuLimitCores();
            var utilization = wall > TimeSpan.Zero && cores > 0
                ? Math.Clamp((cpuTime - _lastCpuTime).TotalSeconds / (wall.TotalSeconds * cores), 0, 1)
                : Current.CpuUtilization;
            _lastCpuTime = cpuTime;
            _lastTimestamp = now;
            var snapshot = Read(utilization, cores);
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }

    public void Dispose() => _timer.Dispose();

    private SiloResourceSnapshot Read(double cpuUtilization, double? cores = null)
    {
        var workingSet = _probe.WorkingSetBytes();
        var limit = _probe.MemoryLimitBytes();
        var memory = limit > 0 ? Math.Clamp((double)workingSet / limit, 0, 1) : 0;
        return new SiloResourceSnapshot(_time.GetUtcNow(), cpuUtilization, cores ?? _probe.CpuLimitCores(), memory, workingSet, limit);
    }

    private void SampleSafely()
    {
        try
        {
            Sample();
            _probeFailing = false;
        }
        catch (Exception ex)
        {
            // Logged once per run of failures: the last good reading stays in place meanwhile.
            if (!_probeFailing)
            {
                _probeFailing = true;
                LogSampleFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the silo's CPU and memory failed; scaling decisions and the silo metrics keep the last reading. Check that /proc and /sys/fs/cgroup are readable in the container.")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
