using ServingFabric.Grains.Releases;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>The router's persistent state.</summary>
[GenerateSerializer, Alias("sf.ModelRouterState")]
public sealed class ModelRouterState
{
    [Id(0)]
    public ModelDeploymentSpec? Spec { get; set; }

    [Id(1)]
    public bool Loaded { get; set; }

    [Id(2)]
    public long Revision { get; set; }

    /// <summary>The event log, oldest first, capped at ServingFabric:Supervisor:EventLogCapacity.</summary>
    [Id(3)]
    public List<ModelEvent> Events { get; set; } = [];

    /// <summary>The sequence of the latest event (sequences never repeat, even after old events are dropped).</summary>
    [Id(4)]
    public long LastEventSequence { get; set; }

    /// <summary>What the supervisor last saw of each replica, by key; kept so a new activation can tell a lost replica.</summary>
    [Id(5)]
    public Dictionary<string, ReplicaObservation> Replicas { get; set; } = [];

    /// <summary>Versions whose spread is degraded, as <c>version@capacity</c> (zones or silos to spread over): each is reported once, until restored.</summary>
    [Id(6)]
    public HashSet<string> DegradedVersions { get; set; } = [];

    /// <summary>Versions registry, traffic settings, faults and releases (ReleaseDriver over Releases/VersionRegistry and ReleaseController).</summary>
    /// <remarks>
    /// No JSON type name: the silo's default storage serializer (JSON, in Azure Table storage too) writes and checks CLR
    /// names, and this type moved from Routing to Releases; the property's type is sealed, so the name says nothing.
    /// </remarks>
    [Id(7)]
    [Newtonsoft.Json.JsonProperty(TypeNameHandling = Newtonsoft.Json.TypeNameHandling.None)]
    public RouterReleaseState Releases { get; set; } = new();

    /// <summary>Scaling settings, desired replicas per version and recent decisions (ReplicaScaler).</summary>
    [Id(8)]
    public RouterScalingState Scaling { get; set; } = new();

    /// <summary>The availability SLI's counts per version (AvailabilityLedger), written at most 10 s apart.</summary>
    [Id(9)]
    public AvailabilityState Availability { get; set; } = new();

    /// <summary>The gateways' synthetic probes, counted as the availability SLI is (one valid request per probe).</summary>
    [Id(10)]
    public AvailabilityState Probes { get; set; } = new();
}
