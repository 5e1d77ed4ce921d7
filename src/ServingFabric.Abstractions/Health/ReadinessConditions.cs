namespace ServingFabric.Health;

/// <summary>The conditions of <c>GET /v2/health/ready</c>, named in its 503 body.</summary>
public static class ReadinessConditions
{
    /// <summary>The silo is not (yet, or any more) an Active member of the cluster.</summary>
    public const string Membership = "membership";

    /// <summary>SIGTERM was received: the silo finishes what it has but takes no new work.</summary>
    public const string Draining = "draining";

    /// <summary>The routing tables are not loaded: the repository is still being deployed, or the routers did not answer yet.</summary>
    public const string Routing = "routing";

    /// <summary>A model version placed on this silo has been loading for longer than the grace period.</summary>
    public const string Models = "models";

    /// <summary>Strict readiness only: some deployed model has no ready replica of its default version anywhere.</summary>
    public const string Strict = "strict";
}
