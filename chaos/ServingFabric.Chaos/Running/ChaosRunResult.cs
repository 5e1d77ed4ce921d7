namespace ServingFabric.Chaos.Running;

/// <summary>A whole chaos run: the faults, every request's totals, and what the machine could not do.</summary>
internal sealed record ChaosRunResult
{
    public required int Seed { get; init; }

    public required double Rate { get; init; }

    public required double DurationSeconds { get; init; }

    public required long Sent { get; init; }

    public required long Failed { get; init; }

    public double SuccessRatio => Sent == 0 ? 1 : (Sent - Failed) / (double)Sent;

    public required Dictionary<string, long> FailuresByCause { get; init; }

    public required Dictionary<string, long> SentByPath { get; init; }

    public required IReadOnlyList<FaultResult> Faults { get; init; }

    /// <summary>Ready replicas in the operator view at the end (3 when nothing is stuck); null when no silo answered.</summary>
    public int? ReadyReplicasAtEnd { get; init; }

    public required IReadOnlyList<string> Skipped { get; init; }

    public const double Target = 0.999;
}
