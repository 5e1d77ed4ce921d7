using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Models;
using ServingFabric.Traffic.LoadBalancing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The silo's replica balancers, one per model version, shared by the front activations of this silo (a singleton;
/// each <see cref="VersionBalancer"/> is thread-safe). Outlier detection is shared, as Envoy shares it across its
/// workers: every worker would otherwise have to see a replica fail on its own before avoiding it.
/// </summary>
internal sealed class ReplicaBalancer(IOptions<InferenceFrontOptions> options, TimeProvider time, ILocalSiloDetails? localSilo = null)
{
    private readonly string? _localSilo = localSilo?.SiloAddress.ToString();
    private readonly OutlierDetectionOptions _outlierOptions = options.Value.OutlierDetection;
    private readonly TimeProvider _time = time;
    private readonly IReplicaChooser _chooser = new PowerOfTwoChoicesReplicaChooser(Random.Shared);
    private readonly ConcurrentDictionary<(string Model, string Version), VersionBalancer> _versions = new();

    /// <summary>The balancer of <paramref name="route"/>, following its current replica keys.</summary>
    public VersionBalancer For(string model, VersionRoute route)
    {
        var balancer = _versions.GetOrAdd((model, route.Version), static (_, self) => new VersionBalancer(self._outlierOptions, self._chooser, self._time, self._localSilo), this);
        balancer.Update(route.ReplicaKeys);
        return balancer;
    }

    /// <summary>The balancers of <paramref name="model"/>'s versions that had traffic on this silo.</summary>
    public void CollectModel(string model, List<(string Version, VersionBalancer Balancer)> into)
    {
        foreach (var ((name, version), balancer) in _versions)
        {
            if (name == model)
            {
                into.Add((version, balancer));
            }
        }
    }

    /// <summary>Forgets versions of <paramref name="model"/> that the routing table no longer lists.</summary>
    public void Retain(RoutingTable table)
    {
        foreach (var (name, version) in _versions.Keys)
        {
            if (name == table.ModelName && !table.Versions.Any(v => v.Version == version))
            {
                _versions.TryRemove((name, version), out _);
            }
        }
    }
}
