namespace ServingFabric.Traffic.Scaling;

/// <summary>
/// The default autoscaler, after the Kubernetes HPA: each signal recommends a replica count (in-flight requests and
/// queue depth proportionally, <c>ceil(current × value / target)</c>, as Ray Serve does with
/// target_ongoing_requests; p95 latency and silo CPU/memory one replica at a time, since neither falls in
/// proportion to replicas), the highest wins, and deviations within the tolerance do not act. Scale-up takes the
/// lowest recommendation of the (default empty) scale-up window, so it happens at once; scale-down takes the
/// highest of the scale-down window, so a burst that comes back within the window finds its replicas still there.
/// Bounds: min and max, one replica per zone, and no more replicas than inference silos (replicas on one silo
/// share its session and batcher, so they add no capacity).
/// </summary>
public sealed partial class ReplicaAutoscaler : IReplicaAutoscaler
{
    private const int MaxSamples = 10_000;
    private readonly ReplicaAutoscalerOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the policy; throws if an option is out of range.</summary>
    public ReplicaAutoscaler(ReplicaAutoscalerOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var failures = ReplicaAutoscalerOptionsValidator.Validate(options, "ReplicaAutoscalerOptions");
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _options = options;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public ScalingDecision Evaluate(AutoscalerWindow window, ScalingObservation observation, ScalingTargets targets)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(targets);
        var now = _time.GetUtcNow();
        var current = Math.Max(1, observation.CurrentReplicas);
        var seen = observation with { CurrentReplicas = current };
        var votes = Vote(seen, targets);
        var recommended = votes.Max(v => v.Replicas ?? 0);
        Remember(window, now, recommended, targets);

        var upward = Extreme(window, now, targets.ScaleUpStabilization, Math.Min);
        var downward = Extreme(window, now, targets.ScaleDownStabilization, Math.Max);
        var proposal = upward > current ? Math.Min(upward, RateLimit(current)) : downward < current ? downward : current;

        var lower = LowerBound(seen, targets);
        var to = Math.Clamp(proposal, lower, targets.MaxReplicas);
        var limit = proposal > targets.MaxReplicas ? ScalingLimit.MaxReplicas : ScalingLimit.None;
        if (to > current && observation.InferenceSilos > 0)
        {
            var useful = Math.Max(Math.Max(current, lower), observation.InferenceSilos);
            if (to > useful)
            {
                to = useful;
                limit = ScalingLimit.InferenceSilos;
            }
        }

        if (limit == ScalingLimit.None && to <= current && votes.Any(v => v.BlockedByResources))
        {
            limit = ScalingLimit.Resources;
        }

        var inputs = Inputs(seen, targets, recommended, upward, downward, lower);
        var reason = Explain(seen, targets, votes, proposal, to, lower, upward, downward, limit);
        return new ScalingDecision(current, to, limit, reason, inputs);
    }

    /// <inheritdoc />
    public void Restart(AutoscalerWindow window, int currentReplicas)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.Samples.Add(new AutoscalerSample(_time.GetUtcNow(), Math.Max(1, currentReplicas)));
    }

    private int LowerBound(ScalingObservation observation, ScalingTargets targets) =>
        Math.Max(targets.MinReplicas, _options.KeepOnePerZone ? Math.Min(observation.Zones, targets.MaxReplicas) : 0);

    private int RateLimit(int current) =>
        (int)Math.Min(int.MaxValue / 2, Math.Max(Math.Ceiling(current * _options.MaxScaleUpFactor), current + (double)_options.MaxScaleUpStep));

    private static void Remember(AutoscalerWindow window, DateTimeOffset now, int recommended, ScalingTargets targets)
    {
        var samples = window.Samples;
        samples.Add(new AutoscalerSample(now, recommended));
        var keep = targets.ScaleDownStabilization > targets.ScaleUpStabilization ? targets.ScaleDownStabilization : targets.ScaleUpStabilization;
        var stale = samples.FindIndex(s => now - s.At <= keep);
        samples.RemoveRange(0, Math.Max(stale < 0 ? samples.Count - 1 : stale, samples.Count - MaxSamples));
    }

    private static int Extreme(AutoscalerWindow window, DateTimeOffset now, TimeSpan span, Func<int, int, int> pick)
    {
        var samples = window.Samples;
        var result = samples[^1].Replicas;
        for (var i = samples.Count - 2; i >= 0 && now - samples[i].At <= span; i--)
        {
            result = pick(result, samples[i].Replicas);
        }

        return result;
    }
}
