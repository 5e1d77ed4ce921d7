namespace ServingFabric.Traffic.Statistics;

/// <summary>Which departures from the null hypothesis a test acts on (treatment compared with control).</summary>
public enum AlternativeHypothesis
{
    /// <summary>Any difference (A/B tests, sample-ratio mismatch).</summary>
    TwoSided,

    /// <summary>The treatment's value is larger (more latency, more errors: harm).</summary>
    Greater,

    /// <summary>The treatment's value is smaller (less reward: harm).</summary>
    Less,
}
