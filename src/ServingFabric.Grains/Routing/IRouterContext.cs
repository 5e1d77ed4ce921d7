using ServingFabric.Grains.Supervision;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// What the router's collaborators need from the grain: the persistent state they change, the event log, the routing
/// table's revision and the write. The grain implements it; unit tests fake it, so no collaborator needs a cluster.
/// </summary>
internal interface IRouterContext
{
    /// <summary>The model the router owns (its grain key).</summary>
    string Model { get; }

    /// <summary>The router's persistent state; read it on every call (storage reads replace it on activation).</summary>
    ModelRouterState State { get; }

    /// <summary>Whether the supervisor's timer runs (the model is loaded and this activation supervises it).</summary>
    bool IsSupervising { get; }

    /// <summary>Appends an event to the log (capped) and logs it.</summary>
    void AppendEvent(EventDraft draft);

    /// <summary>Any change fronts must see: a new revision, and the cached routing table rebuilt on the next read.</summary>
    void InvalidateTable();

    /// <summary>Writes the state to grain storage.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);
}
