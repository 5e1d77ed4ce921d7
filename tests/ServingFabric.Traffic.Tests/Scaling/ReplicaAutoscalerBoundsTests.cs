using Microsoft.Extensions.Time.Testing;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Traffic.Tests.Scaling;

public sealed class ReplicaAutoscalerBoundsTests
{
    [Fact]
    public void Evaluate_SeededRandomLoad_StaysWithinMinAndMax()
    {
        var random = new Random(20260301);
        var scaler = new Scaler(Scaler.Targeting(min: 2, max: 7, p95: TimeSpan.FromMilliseconds(50), down: TimeSpan.FromSeconds(20)), replicas: 2);
        var seen = new HashSet<int>();

        // Blocks of idle, moderate and extreme load with noise, long enough for the scale-down window to pass.
        for (var block = 0; block < 100; block++)
        {
            var regime = random.Next(3);
            for (var i = 0; i < 30; i++)
            {
                var inFlight = regime switch { 0 => random.NextDouble() * 2, 1 => random.NextDouble() * 20, _ => random.NextDouble() * 1000 };
                var decision = scaler.Step(r => new ScalingObservation(r, random.Next(r + 1), inFlight, random.NextDouble() * 50 * regime,
                    random.NextDouble() * 200, random.NextDouble() * 100, random.NextDouble() * 100, random.Next(3), random.Next(10), random.Next(3)));
                Assert.InRange(decision.To, 2, 7);
                seen.Add(decision.To);
            }
        }

        // The sequence reaches both bounds, so the bounds (not a quiet load) kept it inside.
        Assert.Contains(2, seen);
        Assert.Contains(7, seen);
    }

    [Fact]
    public void Evaluate_LoadAboveMax_HoldsAtMaxAndSaysSo()
    {
        var scaler = new Scaler(Scaler.Targeting(max: 3), replicas: 3);

        var decision = scaler.StepInFlight(40);

        Assert.Equal(3, decision.To);
        Assert.Equal(ScalingLimit.MaxReplicas, decision.Limit);
        Assert.EndsWith("held at maxReplicas 3 (the signals ask for 10): raise maxReplicas to scale further", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MoreReplicasThanInferenceSilos_HoldsAtTheSiloCount()
    {
        var scaler = new Scaler(Scaler.Targeting(max: 10), replicas: 2);

        var decision = scaler.StepInFlight(40, silos: 3);

        Assert.Equal(3, decision.To);
        Assert.Equal(ScalingLimit.InferenceSilos, decision.Limit);
        Assert.Contains("each of the 3 inference silo(s) hosts a replica already", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_GpuModelWithMoreReplicasThanGpuSilos_HoldsAtTheGpuSiloCountNamingTheGpu()
    {
        var scaler = new Scaler(Scaler.Targeting(max: 10), replicas: 2);

        var decision = scaler.Step(r => new ScalingObservation(r, r, 40, 0, InferenceSilos: 2, GpuNeed: "a GPU that holds 4294967296 bytes"));

        Assert.Equal(2, decision.To);
        Assert.Equal(ScalingLimit.InferenceSilos, decision.Limit);
        Assert.EndsWith("each of the 2 inference silo(s) with a GPU that holds 4294967296 bytes hosts a replica already and more on one silo add no capacity: add GPU nodes with a GPU that holds 4294967296 bytes",
            decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ThreeZonesAndMinOneWithOnePerZone_KeepsOneReplicaPerZone()
    {
        var scaler = new Scaler(Scaler.Targeting(min: 1, max: 5), new ReplicaAutoscalerOptions { KeepOnePerZone = true });

        var decision = scaler.StepInFlight(0, zones: 3);

        Assert.Equal(3, decision.To);
        Assert.StartsWith("one replica per zone over 3 zones (minReplicas 1)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ZoneFloorAboveMax_StopsAtMax()
    {
        var scaler = new Scaler(Scaler.Targeting(min: 1, max: 2), new ReplicaAutoscalerOptions { KeepOnePerZone = true });

        Assert.Equal(2, scaler.StepInFlight(0, zones: 3).To);
    }

    [Fact]
    public void Evaluate_OnePerZoneByDefault_KeepsTheMinimum()
    {
        var scaler = new Scaler(Scaler.Targeting(min: 1, max: 5));

        Assert.Equal(1, scaler.StepInFlight(0, zones: 3).To);
    }

    [Fact]
    public void Evaluate_P95AboveTarget_AddsOneReplica()
    {
        var scaler = new Scaler(Scaler.Targeting(p95: TimeSpan.FromMilliseconds(100)), replicas: 2);

        var decision = scaler.Step(r => new ScalingObservation(r, r, InFlight: 8, QueueDepth: 0, P95LatencyMs: 300));

        Assert.Equal(3, decision.To);
        Assert.Equal(300, decision.Inputs["p95_ms"]);
        Assert.Equal(100, decision.Inputs["target_p95_ms"]);
        Assert.Contains("p95 latency 300 ms > target 100 ms (→ 3)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_P95AboveTargetWhileReplicasWarm_WaitsForThem()
    {
        var scaler = new Scaler(Scaler.Targeting(p95: TimeSpan.FromMilliseconds(100)), replicas: 3);

        var decision = scaler.Step(r => new ScalingObservation(r, ServingReplicas: 2, InFlight: 12, QueueDepth: 0, P95LatencyMs: 300));

        Assert.Equal(3, decision.To);
        Assert.Contains("(waiting for warming replicas)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HotSiloAndAnotherWithHeadroom_AddsOneReplica()
    {
        var scaler = new Scaler(Scaler.Targeting(cpu: 80), replicas: 2);

        var decision = scaler.Step(r => new ScalingObservation(r, r, 8, 0, HottestCpuPercent: 93, SilosWithHeadroom: 1, InferenceSilos: 3));

        Assert.Equal(3, decision.To);
        Assert.Equal(ScalingLimit.None, decision.Limit);
        Assert.Contains("silo CPU 93 % > 80 % (→ 3 on a silo with headroom)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HotSilosAndNoHeadroom_HoldsWithResourceLimit()
    {
        var scaler = new Scaler(Scaler.Targeting(memory: 85), replicas: 2);

        var decision = scaler.Step(r => new ScalingObservation(r, r, 8, 0, HottestMemoryPercent: 97, SilosWithHeadroom: 0, InferenceSilos: 3));

        Assert.Equal(2, decision.To);
        Assert.Equal(ScalingLimit.Resources, decision.Limit);
        Assert.Contains("silo memory 97 % > 85 % and no other silo is below the limits", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tolerance", "ReplicaAutoscalerOptions:Tolerance is 1")]
    [InlineData("MaxCpuPercent", "ReplicaAutoscalerOptions:MaxCpuPercent is 0")]
    [InlineData("ScaleDown", "ScaleDownStabilization (-00:00:01)")]
    public void Constructor_InvalidOption_ThrowsNamingIt(string option, string expected)
    {
        var options = new ReplicaAutoscalerOptions();
        switch (option)
        {
            case "Tolerance": options.Tolerance = 1; break;
            case "MaxCpuPercent": options.MaxCpuPercent = 0; break;
            default: options.ScaleDownStabilization = TimeSpan.FromSeconds(-1); break;
        }

        var error = Assert.Throws<ArgumentException>(() => new ReplicaAutoscaler(options, new FakeTimeProvider()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
