namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>How busy a replica looks to one front.</summary>
/// <param name="InFlight">Requests this front has sent to it and not seen answered.</param>
/// <param name="QueueDepth">Rows waiting in its batcher when it last reported (the work of every other front).</param>
/// <param name="Local">It runs on the front's own silo: a call to it costs no network hop and no serialization.</param>
public readonly record struct ReplicaLoad(int InFlight, int QueueDepth, bool Local = false)
{
    /// <summary>What the choice compares: the front's own requests plus the queue the replica last reported.</summary>
    public long Load => (long)InFlight + QueueDepth;
}
