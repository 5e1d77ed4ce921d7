using ServingFabric.Grains.Supervision;
using ServingFabric.Models;

namespace ServingFabric.Grains.Releases;

/// <summary>What a registry change or release decision did, for the router to carry out: events, retirements, a new table.</summary>
internal sealed class ReleaseChange
{
    /// <summary>Events to append, in order.</summary>
    public List<EventDraft> Events { get; } = [];

    /// <summary>Versions retired by the change, whose replicas must unload.</summary>
    public List<string> RetiredVersions { get; } = [];

    /// <summary>Whether fronts must see a new routing table (weights, versions, default, faults, arms).</summary>
    public bool TrafficChanged { get; set; }

    /// <summary>Whether the router's state changed and must be written.</summary>
    public bool StateChanged { get; set; }

    /// <summary>Records an event (which also marks the state changed).</summary>
    public void Record(ModelEventKind kind, string actor, string message)
    {
        Events.Add(new EventDraft(kind, null, null, null, message, actor));
        StateChanged = true;
    }
}
