using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace ServingFabric.Hosting;

/// <summary>
/// Bounds SIGTERM: from the moment shutdown begins, the process has <see cref="HostOptions.ShutdownTimeout"/> plus
/// <see cref="Margin"/>; past that it logs what was still running and exits with <see cref="SiloExitCodes.ForcedShutdown"/>.
/// Needed because the host's timeout only cancels a token: an Orleans silo whose membership storage is unreachable
/// gives up its graceful stop ("Graceful shutdown aborted") yet keeps retrying table writes for minutes, past the
/// pod's grace period, where the kubelet's SIGKILL would end it without a word about why.
/// </summary>
internal sealed partial class ShutdownWatchdog(
    IHostApplicationLifetime lifetime,
    IOptions<HostOptions> host,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<ShutdownWatchdog> logger) : IHostedService, IDisposable
{
    /// <summary>Time past the shutdown timeout for the host's own last steps (flushing logs, disposing services).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private ITimer? _timer;
    private long _armedAt;
    private volatile bool _signalled;

    /// <summary>How long after SIGTERM the process is ended at the latest.</summary>
    public TimeSpan Bound => host.Value.ShutdownTimeout + Margin;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(Arm);
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            // Does not cancel the signal's default action: the host's console lifetime does, and starts the shutdown.
            _signals.Add(PosixSignalRegistration.Create(signal, _ =>
            {
                _signalled = true;
                Arm();
            }));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts the countdown once; the drain calls it first thing, so the drain delay counts inside the bound.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            if (_timer is not null || host.Value.ShutdownTimeout == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            _armedAt = time.GetTimestamp();
            _timer = time.CreateTimer(_ => Expire(), null, Bound, Timeout.InfiniteTimeSpan);
        }

        LogArmed(logger, Bound.TotalSeconds);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _signals.ForEach(s => s.Dispose());
            _signals.Clear();
        }
    }

    private void Expire()
    {
        if (!_signalled)
        {
            LogOverranWithoutSignal(logger, time.GetElapsedTime(_armedAt).TotalSeconds, StillRunning());
            return;
        }

        LogForced(logger, time.GetElapsedTime(_armedAt).TotalSeconds, host.Value.ShutdownTimeout.TotalSeconds, StillRunning(), SiloExitCodes.ForcedShutdown);

        // On its own thread: Exit runs the process-exit handlers and must not wait on the timer queue it was called from.
        var exit = new Thread(() => Environment.Exit(SiloExitCodes.ForcedShutdown)) { IsBackground = true, Name = "shutdown-watchdog" };
        exit.Start();
    }

    private string StillRunning()
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        var stopped = lifetime.ApplicationStopped.IsCancellationRequested ? "the host had stopped" : "the host's services had not all stopped";
        return $"{stopped}; the Orleans silo's membership status was {status} (a silo that cannot write the membership table stays ShuttingDown or Stopping)";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutdown watchdog armed: the process ends within {BoundSeconds} s (ServingFabric:Silo:ShutdownTimeout plus 5 s) whatever still runs then")]
    private static partial void LogArmed(ILogger logger, double boundSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown has not finished {ElapsedSeconds:F1} s after it began: {StillRunning}. It was started from code, not by a signal, so the process is left running")]
    private static partial void LogOverranWithoutSignal(ILogger logger, double elapsedSeconds, string stillRunning);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Shutdown did not finish {ElapsedSeconds:F1} s after SIGTERM (ServingFabric:Silo:ShutdownTimeout is {TimeoutSeconds} s): {StillRunning}. Ending the process with exit code {ExitCode} (forced); check the storage connection and the peers named in the log above")]
    private static partial void LogForced(ILogger logger, double elapsedSeconds, double timeoutSeconds, string stillRunning, int exitCode);
}
