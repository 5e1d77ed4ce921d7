using Microsoft.Extensions.Logging;
using ServingFabric.Models;
using ServingFabric.Runtime.Hosting;

namespace ServingFabric.Grains.Replicas;

/// <summary>
/// A replica of a GPU model leaves a GPU that failed (its session is dropped and the next activation loads on a healthy
/// device, here or on another silo), and moves off a silo whose GPUs have no room for it. Both go through placement,
/// whose director on this silo knows this silo's GPUs exactly.
/// </summary>
internal sealed partial class ModelReplicaGrain
{
    // While no GPU here has room, the replica tries again at most this often (between probes it stays failed, saying why).
    private static readonly TimeSpan GpuRetryInterval = TimeSpan.FromSeconds(10);

    private bool _gpuRefused;
    private bool _leavingGpu;
    private long _lastGpuAttempt;
    private int _gpuAttempts;

    private void LeaveFailedGpu(LoadedModel model, string fault)
    {
        if (_leavingGpu)
        {
            return;
        }

        _leavingGpu = true;
        LogGpuFailed(logger, this.GetPrimaryKeyString(), model.Device, fault, silo.SiloAddress.ToString());

        // Deactivation releases the lease; the session goes with its last replica, and the device's memory with it.
        LeaveSilo();
        _ = ReportGpuFailureAsync($"{model.Device} on silo {silo.SiloAddress}: {fault}");
    }

    // The model's event log records the failure; the replica does not wait for the router to hear it.
    private async Task ReportGpuFailureAsync(string reason)
    {
        try
        {
            await GrainFactory.GetGrain<IModelRouterGrain>(_model)
                .ReportReplicaHealth(this.GetPrimaryKeyString(), new ReplicaHealthReport(ReplicaHealthVerdict.GpuFailed, reason, silo.Name));
        }
        catch (Exception ex)
        {
            LogGpuReportFailed(logger, ex, this.GetPrimaryKeyString());
        }
    }

    // Refused for want of GPU room: first ask placement for a silo with room (its director on this silo knows this
    // silo's GPUs exactly, so it moves the replica elsewhere when one has room); if placement keeps it here, load here
    // again next time, since room may have been freed. Attempts alternate, at most one per GpuRetryInterval.
    private void RetryForGpu()
    {
        if (_loading is not { IsCompleted: true }
            || (_gpuAttempts > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(_lastGpuAttempt) < GpuRetryInterval))
        {
            return;
        }

        _lastGpuAttempt = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_gpuAttempts++ % 2 == 0)
        {
            LogMovingForGpu(logger, this.GetPrimaryKeyString(), silo.SiloAddress.ToString(), _loadError ?? "");
            MigrateOnIdle();
        }
        else
        {
            _loading = LoadAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Replica {ReplicaKey} leaves {Device} on silo {Silo}: the GPU failed ({Fault}). It is activated again on a healthy GPU; requests meanwhile go to its sibling replicas.")]
    private static partial void LogGpuFailed(ILogger logger, string replicaKey, string device, string fault, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} could not tell its router that its GPU failed; the supervisor's next probe sees the replica move. Check the router's silo.")]
    private static partial void LogGpuReportFailed(ILogger logger, Exception exception, string replicaKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} moves off silo {Silo}, whose GPUs cannot take it: {Reason}")]
    private static partial void LogMovingForGpu(ILogger logger, string replicaKey, string silo, string reason);
}
