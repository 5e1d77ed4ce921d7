namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>How busy a replica looks to one front.</summary>
/// <param name="InFlight">Requests this front has sent to it and not seen answered.</param>
/// <param name="QueueDepth">Rows waiting in its batcher when it last reported (the work of every other front).</param>
public readonly record struct ReplicaLoad(int InFlight, int QueueDepth)
{
    /// <summary>What the choice compares: the front's own requests plus the queue the replica last reported.</summary>
    public long Load => (long)InFlight + QueueDepth;
}
