namespace ServingFabric.Traffic.Rollouts;

/// <summary>Where an A/B test stands.</summary>
public enum AbTestStatus
{
    /// <summary>Observing until a winner, the sample cap, or a broken split.</summary>
    Running,

    /// <summary>The traffic split is not what was configured: no winner is declared.</summary>
    Frozen,

    /// <summary>Ended with a winner or inconclusively (control kept).</summary>
    Concluded,
}
