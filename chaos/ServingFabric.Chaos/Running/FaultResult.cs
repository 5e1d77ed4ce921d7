namespace ServingFabric.Chaos.Running;

/// <summary>
/// One fault as it happened. Its requests are those that ended from the injection until the next fault's (or the end):
/// <see cref="Sent"/>, <see cref="Failed"/> and the causes; latency before (15 s up to the injection), during (the
/// injection until the full replica count is back) and after (from then on). <see cref="RecoverySeconds"/> runs from
/// the injection until three ready replicas on live silos show in the operator view; null if that never happened.
/// </summary>
internal sealed record FaultResult
{
    public required int Index { get; init; }

    public required string Kind { get; init; }

    public required string Description { get; init; }

    public required double InjectedAt { get; init; }

    /// <summary>When the fault itself ended: process replaced, silo continued, storage back.</summary>
    public required double EndedAt { get; init; }

    public double? RecoverySeconds { get; init; }

    public long Sent { get; set; }

    public long Failed { get; set; }

    public double SuccessRatio => Sent == 0 ? 1 : (Sent - Failed) / (double)Sent;

    public Dictionary<string, long> FailuresByCause { get; set; } = [];

    public Window? Before { get; set; }

    public Window? During { get; set; }

    public Window? After { get; set; }

    /// <summary>What else the harness saw (exit codes, a process that did not exit in time, a skipped fault).</summary>
    public List<string> Notes { get; init; } = [];
}
