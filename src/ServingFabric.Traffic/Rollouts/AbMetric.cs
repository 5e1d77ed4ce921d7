namespace ServingFabric.Traffic.Rollouts;

/// <summary>The metric an A/B test is decided on.</summary>
public enum AbMetric
{
    /// <summary>Mean reward sent to the feedback endpoint; higher is better.</summary>
    Reward,

    /// <summary>Mean log-latency; lower is better.</summary>
    Latency,

    /// <summary>Error rate; lower is better.</summary>
    Errors,
}
