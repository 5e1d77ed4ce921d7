using Microsoft.Extensions.Logging;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Replicas;

/// <summary>
/// A replica whose engine keeps failing gives up its activation, so that the next call (the supervisor's probe or a
/// request) places it again and loads the model afresh: a wedged session or a bad GPU state is not fixed by waiting.
/// </summary>
internal sealed partial class ModelReplicaGrain
{
    private void CountEngineFailure(InferenceException exception)
    {
        var limit = options.Value.ConsecutiveEngineFailureLimit;
        if (limit > 0 && _local is { } local && local.CountEngineFailure() == limit)
        {
            LogEngineFailing(logger, exception, this.GetPrimaryKeyString(), limit, silo.SiloAddress.ToString());
            LeaveSilo();
        }
    }

    // New requests stop reaching the model at once (the fronts here call the grain again, which answers "leaving" and
    // they retry another replica); the activation goes once idle, after the requests inside have finished.
    private void LeaveSilo()
    {
        _ = _local?.CloseAsync();
        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} failed {Count} inferences in a row on silo {Silo}; deactivating so it is placed and loaded again. If it keeps happening, check the model artifact and the silo's engine (GPU driver, memory).")]
    private static partial void LogEngineFailing(ILogger logger, Exception exception, string replicaKey, int count, string silo);
}
