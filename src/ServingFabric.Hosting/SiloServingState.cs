using ServingFabric.Health;

namespace ServingFabric.Hosting;

/// <summary>
/// The silo's serving state: <see cref="ModelRepositoryBootstrap"/> marks start-up complete, <see cref="DrainOnShutdown"/>
/// begins the drain, and the gateway's readiness endpoint reads it through <see cref="ISiloReadiness"/>. Volatile
/// because the writers run on the lifecycle's threads while requests read it.
/// </summary>
internal sealed class SiloServingState : ISiloReadiness
{
    private volatile bool _startupComplete;
    private volatile bool _draining;

    public bool IsStartupComplete => _startupComplete;

    public bool IsDraining => _draining;

    public void MarkStartupComplete() => _startupComplete = true;

    public void BeginDrain() => _draining = true;
}
