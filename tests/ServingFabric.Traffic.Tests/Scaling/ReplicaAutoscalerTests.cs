using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Traffic.Tests.Scaling;

public sealed class ReplicaAutoscalerTests
{
    [Fact]
    public void Evaluate_LoadStep_ScalesUpInOneEvaluationToCeilOfInFlightOverTarget()
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 4));
        scaler.StepInFlight(2);

        var decision = scaler.StepInFlight(14);

        Assert.Equal(1, decision.From);
        Assert.Equal(4, decision.To);
        Assert.Equal(ScalingLimit.None, decision.Limit);
        Assert.Equal(14, decision.Inputs["in_flight_per_replica"]);
        Assert.Equal(4, decision.Inputs["target_in_flight_per_replica"]);
        Assert.StartsWith("in-flight per replica 14 > target 4 (14 in flight) (→ 4)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_QueueDepthAboveTarget_ScalesOnQueueDepth()
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 100, queue: 8), replicas: 2);

        var decision = scaler.Step(r => new ScalingObservation(r, r, InFlight: 10, QueueDepth: 40));

        Assert.Equal(5, decision.To);
        Assert.Equal(20, decision.Inputs["queue_depth_per_replica"]);
        Assert.Contains("queue depth per replica 20 > target 8 (→ 5)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StepBeyondRateLimit_AtMostDoubleOrPlusFourPerEvaluation()
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 1, max: 50), replicas: 2);

        var steps = Enumerable.Range(0, 4).Select(_ => scaler.StepInFlight(40).To).ToList();

        // From 2: max(2 × 2, 2 + 4) = 6, then 12, 24, then the 40 the load asks for.
        Assert.Equal([6, 12, 24, 40], steps);
    }

    [Theory]
    [InlineData(17.2, 4)] // 4.3 per replica: 7.5 % above target, within the 10 % tolerance
    [InlineData(14.8, 4)] // 3.7 per replica: 7.5 % below
    [InlineData(17.92, 5)] // 4.48 per replica: 12 % above
    public void Evaluate_SmallDeviation_ActsOnlyOutsideTolerance(double inFlight, int expected)
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 4, down: TimeSpan.Zero), replicas: 4);

        Assert.Equal(expected, scaler.StepInFlight(inFlight).To);
    }

    [Fact]
    public void Evaluate_LoadFallsAway_ScalesDownOnlyAfterTheWindow()
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 4, down: TimeSpan.FromSeconds(60)));
        Assert.Equal(4, scaler.StepInFlight(16).To);
        var lastHigh = scaler.Time.GetUtcNow();

        var held = new List<int>();
        while (scaler.Time.GetUtcNow() + Scaler.Round - lastHigh <= TimeSpan.FromSeconds(60))
        {
            held.Add(scaler.StepInFlight(0).To);
        }

        var after = scaler.StepInFlight(0);

        Assert.Equal(30, held.Count);
        Assert.All(held, replicas => Assert.Equal(4, replicas));
        Assert.Equal(1, after.To);
        Assert.StartsWith("the highest recommendation in the last 60 s is 0", after.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LoadHalves_ScalesDownToTheHighestRecommendationInTheWindow()
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 4, down: TimeSpan.FromSeconds(10)), replicas: 8);
        scaler.StepInFlight(32);
        scaler.StepInFlight(20);

        var decisions = Enumerable.Range(0, 8).Select(_ => scaler.StepInFlight(8).To).ToList();

        // 8 then 5 replicas were asked for; each leaves the 10 s window in turn.
        Assert.Equal([8, 8, 8, 8, 5, 2, 2, 2], decisions);
    }

    [Fact]
    public void Evaluate_FlappingLoad_DoesNotFlapReplicas()
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 4));

        var replicas = Enumerable.Range(0, 300).Select(i => scaler.StepInFlight(i % 2 == 0 ? 20 : 0).To).ToList();

        Assert.Equal(5, replicas[0]);
        Assert.All(replicas, r => Assert.Equal(5, r));
    }

    [Fact]
    public void Evaluate_ScaleUpWindow_ScalesUpToTheLowestRecommendationInIt()
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 4, up: TimeSpan.FromSeconds(4)));
        scaler.StepInFlight(0);

        var first = scaler.StepInFlight(20);
        var second = scaler.StepInFlight(20);
        var third = scaler.StepInFlight(20);

        Assert.Equal([1, 1, 5], new[] { first.To, second.To, third.To });
        Assert.StartsWith("held by the scale-up window (4 s, lowest recommendation 0)", first.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_AfterLosingTrack_HoldsTheCountForAWholeWindow()
    {
        var scaler = new Scaler(Scaler.Targeting(inFlight: 4, down: TimeSpan.FromSeconds(30)), replicas: 6);
        scaler.Policy.Restart(scaler.Window, 6);

        var held = Enumerable.Range(0, 15).Select(_ => scaler.StepInFlight(0).To).ToList();
        var after = scaler.StepInFlight(0);

        Assert.All(held, r => Assert.Equal(6, r));
        Assert.Equal(1, after.To);
    }

    [Fact]
    public void Evaluate_NoLoad_HoldsAtMinimumWithAReason()
    {
        var scaler = new Scaler(Scaler.Targeting(min: 2));

        var decision = scaler.StepInFlight(0);

        Assert.Equal(2, decision.To);
        Assert.Equal("minReplicas is 2; in-flight per replica 0 < target 4 (0 in flight) (→ 0); queue depth per replica 0 < target 16 (→ 0)", decision.Reason);
    }
}
