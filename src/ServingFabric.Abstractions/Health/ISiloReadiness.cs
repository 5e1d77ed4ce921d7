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
}
