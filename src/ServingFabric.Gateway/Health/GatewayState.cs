namespace ServingFabric.Gateway.Health;

/// <summary>
/// The silo's serving state as readiness reports it: not ready until start-up has loaded the model repository,
/// and not ready again once SIGTERM starts the drain.
/// </summary>
public sealed class GatewayState
{
    private volatile bool _startupComplete;
    private volatile bool _draining;

    public bool IsStartupComplete => _startupComplete;

    public bool IsDraining => _draining;

    public void MarkStartupComplete() => _startupComplete = true;

    public void BeginDrain() => _draining = true;
}
