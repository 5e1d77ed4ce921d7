using Microsoft.Extensions.Time.Testing;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Traffic.Tests.Scaling;

/// <summary>An autoscaler on fake time that feeds each decision back as the next evaluation's replica count, as the router does.</summary>
internal sealed class Scaler
{
    public static readonly TimeSpan Round = TimeSpan.FromSeconds(2);

    public Scaler(ScalingTargets targets, ReplicaAutoscalerOptions? options = null, int replicas = 1)
    {
        Targets = targets;
        Replicas = replicas;
        Policy = new ReplicaAutoscaler(options ?? new ReplicaAutoscalerOptions(), Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public ReplicaAutoscaler Policy { get; }

    public AutoscalerWindow Window { get; } = new();

    public ScalingTargets Targets { get; set; }

    public int Replicas { get; private set; }

    /// <summary>One router round later: evaluates <paramref name="observe"/> (given the replicas now) and applies the decision.</summary>
    public ScalingDecision Step(Func<int, ScalingObservation> observe, bool advance = true)
    {
        if (advance)
        {
            Time.Advance(Round);
        }

        var decision = Policy.Evaluate(Window, observe(Replicas), Targets);
        Replicas = decision.To;
        return decision;
    }

    /// <summary>Warm replicas carrying <paramref name="inFlight"/> requests in all.</summary>
    public ScalingDecision StepInFlight(double inFlight, int silos = 0, int zones = 0) =>
        Step(replicas => new ScalingObservation(replicas, replicas, inFlight, 0, InferenceSilos: silos, Zones: zones));

    public static ScalingTargets Targeting(int min = 1, int max = 10, double inFlight = 4, double queue = 16, TimeSpan? p95 = null,
        double cpu = 80, double memory = 85, TimeSpan? down = null, TimeSpan? up = null) =>
        new(min, max, inFlight, queue, p95, cpu, memory, down ?? TimeSpan.FromMinutes(2), up ?? TimeSpan.Zero);
}
