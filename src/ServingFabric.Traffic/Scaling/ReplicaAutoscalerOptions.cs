namespace ServingFabric.Traffic.Scaling;

/// <summary>
/// How the replica autoscaler decides, and the targets a model gets when neither its scaling settings nor its
/// config.json name one. Bound from <c>ServingFabric:Scaling:Policy</c>.
/// </summary>
public sealed class ReplicaAutoscalerOptions
{
    /// <summary>
    /// In-flight requests per replica to aim for; null derives it from the model: two full batches
    /// (2 × max_batch_size, one running and one filling) for a batching model, else 4. Default null.
    /// </summary>
    public double? TargetInFlightPerReplica { get; set; }

    /// <summary>Queued rows per replica above which it scales up; null derives 2 × max_batch_size (4 without batching). Default null.</summary>
    public double? TargetQueueDepthPerReplica { get; set; }

    /// <summary>p95 latency above which it adds a replica; null leaves latency out until a model sets a target. Default null.</summary>
    public TimeSpan? TargetP95Latency { get; set; }

    /// <summary>Silo CPU (percent) above which it adds a replica on another silo, and placement avoids the silo. Default 80.</summary>
    public double MaxCpuPercent { get; set; } = 80;

    /// <summary>Silo memory (percent of what the process may use) above which it does the same. Default 85.</summary>
    public double MaxMemoryPercent { get; set; } = 85;

    /// <summary>
    /// Scale down only to the highest recommendation within this window (the Kubernetes HPA's 300 s is for pods that
    /// take a minute to start; a replica warms in seconds, so 2 min keeps a bursty load from paying a cold start per
    /// burst without holding idle replicas long). Default 2 min.
    /// </summary>
    public TimeSpan ScaleDownStabilization { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Scale up only to the lowest recommendation within this window; 0 scales up at once. Default 0.</summary>
    public TimeSpan ScaleUpStabilization { get; set; } = TimeSpan.Zero;

    /// <summary>Relative deviation from a target that does not act (the HPA's tolerance), in [0, 1). Default 0.1 (10 %).</summary>
    public double Tolerance { get; set; } = 0.1;

    /// <summary>
    /// One evaluation scales up to at most max(replicas × this, replicas + <see cref="MaxScaleUpStep"/>) (the HPA's
    /// default policy: 100 % or 4 pods), so one bad reading cannot fill the cluster. Default 2.
    /// </summary>
    public double MaxScaleUpFactor { get; set; } = 2;

    /// <summary>See <see cref="MaxScaleUpFactor"/>. Default 4.</summary>
    public int MaxScaleUpStep { get; set; } = 4;

    /// <summary>
    /// Never fewer replicas than zones (up to the maximum), so that every zone keeps one, whatever the model's minimum.
    /// Default false: the minimum is the floor, and a model that must survive a zone outage sets a minimum of at least
    /// the number of zones (the production setting documented is 3 over 3 zones); the spread then keeps one per zone.
    /// </summary>
    public bool KeepOnePerZone { get; set; }

    /// <summary>The largest maximum a model may set, against typing mistakes that would fill the cluster. Default 100.</summary>
    public int MaxReplicasLimit { get; set; } = 100;
}
