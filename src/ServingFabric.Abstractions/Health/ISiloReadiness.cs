namespace ServingFabric.Health;

/// <summary>
/// The silo's own serving state, as pod readiness reports it: not ready until start-up has loaded the model
/// repository, and not ready again once SIGTERM starts the drain. Read-only here: the silo's start-up and shutdown
/// change it, the HTTP edge only reports it.
/// </summary>
public interface ISiloReadiness
{
    /// <summary>Start-up has loaded (or tried to load) every model of the repository.</summary>
    bool IsStartupComplete { get; }

    /// <summary>Shutdown has begun: the silo still serves what it has, but load balancers must stop sending.</summary>
    bool IsDraining { get; }

    /// <summary>
    /// A model version placed on this silo that has been loading for longer than <paramref name="grace"/> (its model,
    /// version and how long), or null. A version that failed to load is not reported: that model's own readiness says
    /// so, and this silo still serves every other model.
    /// </summary>
    (string Model, string Version, TimeSpan Loading)? LoadingLongerThan(TimeSpan grace) => null;
}
