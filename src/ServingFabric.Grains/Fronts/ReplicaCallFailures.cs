using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Fronts;

/// <summary>Sorts a failed replica call into what the front does next.</summary>
internal static class ReplicaCallFailures
{
    /// <summary>
    /// Retry on another replica: the replica's own failures (Internal: its engine; Unavailable: not loaded, unloading,
    /// its silo shutting down) and transport failures (silo dead or unreachable, response timeout). QueueFull is
    /// retried too but not held against the replica: it is busy, not broken. The rest is the caller's to fix.
    /// </summary>
    public static ReplicaCallOutcome Classify(Exception exception) => exception switch
    {
        InferenceException { Kind: InferenceErrorKind.Internal or InferenceErrorKind.Unavailable } => ReplicaCallOutcome.ReplicaFailure,
        InferenceException => ReplicaCallOutcome.Neutral,
        SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or TimeoutException => ReplicaCallOutcome.SiloUnreachable,
        _ => ReplicaCallOutcome.Neutral,
    };

    /// <summary>Whether a call that failed this way is worth one more try on another replica.</summary>
    public static bool IsRetryable(Exception exception) =>
        Classify(exception) != ReplicaCallOutcome.Neutral || exception is InferenceException { Kind: InferenceErrorKind.QueueFull };
}
