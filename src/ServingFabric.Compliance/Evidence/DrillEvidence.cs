using System.Text.Json.Serialization;

namespace ServingFabric.Compliance.Evidence;

/// <summary>The drills' results; a drill not asked for (<c>--drills</c>) is unavailable with that reason.</summary>
public sealed record DrillEvidence(Sourced<LoadDrillResult> Load, Sourced<FailoverDrillResult> Failover, Sourced<ScaleDrillResult> Scale)
{
    public static DrillEvidence NoneRun { get; } = new(
        Sourced.Unavailable<LoadDrillResult>("load drill", "not run (add --drills load)"),
        Sourced.Unavailable<FailoverDrillResult>("failover drill", "not run (add --drills failover)"),
        Sourced.Unavailable<ScaleDrillResult>("scale drill", "not run (add --drills scale)"));
}

/// <summary>An open-loop load at a fixed rate against one model.</summary>
/// <param name="Model">The model loaded.</param>
/// <param name="Rate">Requests per second offered.</param>
/// <param name="Seconds">How long requests were sent.</param>
/// <param name="Sent">Requests measured.</param>
/// <param name="Succeeded">Answered 200.</param>
/// <param name="Refused">Answered 429/503.</param>
/// <param name="Failed">Failed otherwise (errors, timeouts, dropped sends).</param>
/// <param name="P50Ms">Median latency of answered requests, from the intended send time.</param>
/// <param name="P90Ms">90th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="LatencyObjectiveMs">The model's latency objective (its SLI's), against which good requests are counted.</param>
/// <param name="WithinObjective">Answered requests no slower than the objective.</param>
/// <param name="Timeline">Each request (written to drills/load-latency.csv, not evidence.json): seconds since the start, latency in milliseconds, whether it succeeded.</param>
/// <param name="ReplicaBusySamples">Per replica key: how many samples of the operator view during the drill saw it with work (in flight or queued).</param>
/// <param name="FirstError">The first failure, in words; null when none.</param>
public sealed record LoadDrillResult(
    string Model,
    double Rate,
    double Seconds,
    long Sent,
    long Succeeded,
    long Refused,
    long Failed,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double LatencyObjectiveMs,
    long WithinObjective,
    [property: JsonIgnore] IReadOnlyList<LatencyPoint> Timeline,
    IReadOnlyDictionary<string, int> ReplicaBusySamples,
    string? FirstError)
{
    /// <summary>Succeeded within the latency objective over sent; 0 when nothing was sent.</summary>
    public double GoodRatio => Sent == 0 ? 0 : (double)WithinObjective / Sent;
}

/// <summary>One request of a drill.</summary>
public sealed record LatencyPoint(double AtSeconds, double LatencyMs, bool Succeeded);

/// <summary>The replicas a model kept at one moment of a drill.</summary>
public sealed record ReplicaSample(double AtSeconds, int Replicas);

/// <summary>A failover drill: the fault, then the time until every replica was ready again.</summary>
/// <param name="Model">The model watched.</param>
/// <param name="Fault">What was done, such as the command run.</param>
/// <param name="ReadyBefore">Ready replicas before the fault.</param>
/// <param name="Recovered">Whether as many replicas were ready again within the bound.</param>
/// <param name="RecoverySeconds">Seconds from the fault to full recovery; null when it did not recover.</param>
/// <param name="LowestReady">The fewest ready replicas seen after the fault.</param>
/// <param name="Events">Event kinds the model's log gained during the drill.</param>
public sealed record FailoverDrillResult(
    string Model, string Fault, int ReadyBefore, bool Recovered, double? RecoverySeconds, int LowestReady, IReadOnlyList<string> Events);

/// <summary>A scale drill: stepped load and the replicas the fabric kept meanwhile.</summary>
/// <param name="Model">The model loaded.</param>
/// <param name="ReplicaTimeline">Seconds since the start and the replicas kept per version (summed).</param>
/// <param name="ScaleUps">Scaling decisions upward seen during the drill.</param>
/// <param name="ScaleDowns">Scaling decisions downward seen during the drill.</param>
/// <param name="Steps">The offered rates, in order.</param>
public sealed record ScaleDrillResult(
    string Model, IReadOnlyList<ReplicaSample> ReplicaTimeline, IReadOnlyList<string> ScaleUps, IReadOnlyList<string> ScaleDowns, IReadOnlyList<double> Steps);
