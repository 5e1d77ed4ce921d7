namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>
/// When a front takes a replica out of rotation (passive outlier detection, as Envoy and YARP do it) and when it lets
/// it back. Bound from <c>ServingFabric:Inference:OutlierDetection</c>.
/// </summary>
public sealed class OutlierDetectionOptions
{
    /// <summary>Failures in a row that eject a replica; 0 turns the rule off. Default 5.</summary>
    public int ConsecutiveFailures { get; set; } = 5;

    /// <summary>
    /// Failure share of the last <see cref="FailureRateWindow"/> requests at or above which a replica is ejected, in (0, 1]; the rule
    /// waits until the window is full, so a few early failures never eject. Default 0.5 (50 %).
    /// </summary>
    public double FailureRateThreshold { get; set; } = 0.5;

    /// <summary>Requests in the sliding window of the failure-rate rule; at least 20. Default 20.</summary>
    public int FailureRateWindow { get; set; } = 20;

    /// <summary>Back-off of a first ejection; it doubles with every repeat, up to <see cref="MaxEjectionTime"/>. Default 10 s.</summary>
    public TimeSpan BaseEjectionTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest back-off. Default 5 min.</summary>
    public TimeSpan MaxEjectionTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Largest share of a version's replicas out of rotation at once, in [0, 1], rounded down: a fault that hits every
    /// replica (a bad request pattern, a dependency) must not empty the rotation. A single replica is never ejected.
    /// Default 0.5 (50 %).
    /// </summary>
    public double MaxEjectedShare { get; set; } = 0.5;
}
