namespace ServingFabric.Traffic.Scaling;

/// <summary>The outcome of one autoscaler evaluation, with the inputs that decided it.</summary>
/// <param name="From">Replicas before.</param>
/// <param name="To">Replicas after (equal to <paramref name="From"/> when holding).</param>
/// <param name="Limit">What held a scale-up back, if anything.</param>
/// <param name="Reason">The rule, metric values and thresholds that decided, in words.</param>
/// <param name="Inputs">The metric values and thresholds by name (in_flight_per_replica, target_in_flight_per_replica, p95_ms, cpu_percent...).</param>
public sealed record ScalingDecision(int From, int To, ScalingLimit Limit, string Reason, IReadOnlyDictionary<string, double> Inputs)
{
    /// <summary>Whether the replica count changes.</summary>
    public bool Changed => To != From;
}
