namespace ServingFabric.Health;

/// <summary>
/// Whether this silo can take traffic, judged on the silo alone: it has joined the cluster, it is not draining, the
/// repository is loaded into the routers, and the model versions placed on it are loaded or still within their load
/// grace period. Never another model's or another silo's health: one broken model must not take every pod out of a
/// Service. The gateway adds the routing-table check and, when asked, the strict cluster-wide one.
/// </summary>
public interface IPodReadiness
{
    /// <summary>The first condition that fails, or null when the silo can take traffic.</summary>
    /// <param name="loadGrace">How long a model version placed on this silo may stay loading before the silo counts as not ready.</param>
    ReadinessFailure? Check(TimeSpan loadGrace);
}
