using ServingFabric.Releases;
using ServingFabric.Traffic.LoadBalancing;

namespace ServingFabric.Grains.Fronts;

/// <summary>How fronts call replicas. Bound from configuration section <c>ServingFabric:Inference</c>.</summary>
public sealed class InferenceFrontOptions
{
    public const string SectionName = "ServingFabric:Inference";

    /// <summary>Deadline for requests that carry none. Default 30 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a front trusts its cached routing table before asking the router again. Default 1 s.</summary>
    public TimeSpan RoutingTableTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long requests wait for a routing-table refresh once the cached table is older than
    /// <see cref="RoutingTableTtl"/>. One refresh runs at a time; when the router does not answer within this (its silo
    /// frozen or cut off), requests route with the cached table while the refresh goes on, rather than every request
    /// waiting for the router. Default 250 ms.
    /// </summary>
    public TimeSpan RoutingTableRefreshWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long one replica has to answer before the front gives up on it and retries once on another, within the
    /// request's deadline (a silo that died without closing its connections would otherwise hold the request until
    /// the deadline, leaving no time to retry). Default 5 s.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a front runs a request on a replica loaded on its own silo directly, without a grain call (two messages
    /// and their thread hand-offs fewer per request). Off, every replica call is a grain call, which the silo's
    /// incoming grain call filters see. Default true.
    /// </summary>
    public bool CallLocalReplicasDirectly { get; set; } = true;

    /// <summary>
    /// Whether the HTTP and gRPC edges run a request with the front's request path themselves, without the call to the
    /// model's front grain, while a front of the silo published a fresh routing table with fixed traffic
    /// (<see cref="EdgeFronts"/>). Off, every request is a call to the front grain (the edge still answers cache hits).
    /// Default true.
    /// </summary>
    public bool EdgeRunsRequests { get; set; } = true;

    /// <summary>
    /// How often a front asks the replicas of a version with traffic for their state and queue depth (at most once
    /// per interval per replica and silo, whatever the number of front activations). Default 1 s.
    /// </summary>
    public TimeSpan StatusRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a status probe may take before the replica counts as unreachable. Default 2 s.</summary>
    public TimeSpan StatusTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a silo's fronts send each model's router what they saw per version (requests, errors, latency,
    /// rewards, in-flight): the input of canary, A/B and autoscaling decisions. Default 1 s.
    /// </summary>
    public TimeSpan OutcomeFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long outcomes that the router did not accept are kept and re-sent with the next flush before they are
    /// dropped with a warning (bounds memory while a router is unreachable). Default 60 s.
    /// </summary>
    public TimeSpan UnsentOutcomeRetention { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many requests answered during a release a silo remembers for feedback (request id → version and arm);
    /// the oldest are forgotten first. Default 100 000.
    /// </summary>
    public int FeedbackCapacity { get; set; } = 100_000;

    /// <summary>How long after its answer a request may still receive feedback. Default 10 min.</summary>
    public TimeSpan FeedbackWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The lowest reward feedback may carry (inclusive); a reward outside [<see cref="FeedbackRewardMin"/>,
    /// <see cref="FeedbackRewardMax"/>] is refused with 400, so no caller's single reward can swing an A/B test. Default -1.
    /// </summary>
    public double FeedbackRewardMin { get; set; } = -1;

    /// <summary>The highest reward feedback may carry (inclusive). Default 1.</summary>
    public double FeedbackRewardMax { get; set; } = 1;

    /// <summary>The reward range these options set.</summary>
    public RewardRange FeedbackRewards => new(FeedbackRewardMin, FeedbackRewardMax);

    /// <summary>
    /// How often a silo re-reads the catalog's model names, so requests for models deployed elsewhere pass the
    /// known-model check (<see cref="ServingFabric.Models.IKnownModels"/>) even when nobody asked for them yet. Default 5 s.
    /// </summary>
    public TimeSpan KnownModelsRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The least time between two catalog reads caused by requests for models the silo does not know: a model
    /// deployed a moment ago is found within this time, and requests for made-up names cost at most one catalog call
    /// per interval per silo. Default 1 s.
    /// </summary>
    public TimeSpan KnownModelsMissRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Mirrored (shadow) copies a silo keeps in flight at most, across models; a copy over the limit is dropped and
    /// counted in the log, never delaying a caller. Default 32.
    /// </summary>
    public int MirrorMaxInFlight { get; set; } = 32;

    /// <summary>When a replica is taken out of rotation and let back (section <c>ServingFabric:Inference:OutlierDetection</c>).</summary>
    public OutlierDetectionOptions OutlierDetection { get; set; } = new();
}
