using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>A router's state without a grain: events go to the log at the fake clock's time; table invalidations and writes are counted.</summary>
internal sealed class FakeRouterContext(TimeProvider time, ModelDeploymentSpec spec) : IRouterContext
{
    public string Model => spec.Name;

    public ModelRouterState State { get; } = new() { Spec = spec, Loaded = true };

    public bool IsSupervising { get; set; } = true;

    public int TableInvalidations { get; private set; }

    public int Writes { get; private set; }

    public List<ModelEvent> Events => State.Events;

    public void AppendEvent(EventDraft draft) => ModelEventLog.Append(State, draft, time.GetUtcNow(), 500);

    public void InvalidateTable()
    {
        State.Revision++;
        TableInvalidations++;
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        Writes++;
        return Task.CompletedTask;
    }
}
