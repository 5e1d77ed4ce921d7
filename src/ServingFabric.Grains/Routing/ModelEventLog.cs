using ServingFabric.Grains.Supervision;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>Appends to and reads a router's event log (kept in its state).</summary>
internal static class ModelEventLog
{
    public static ModelEvent Append(ModelRouterState state, EventDraft draft, DateTimeOffset now, int capacity)
    {
        var entry = new ModelEvent(++state.LastEventSequence, now, draft.Kind, draft.ReplicaKey, draft.Silo, draft.Zone, draft.Message, draft.Actor);
        state.Events.Add(entry);
        if (state.Events.Count > capacity)
        {
            state.Events.RemoveRange(0, state.Events.Count - capacity);
        }

        return entry;
    }

    public static IReadOnlyList<ModelEvent> After(ModelRouterState state, long afterSequence)
    {
        // Sequences ascend, so a binary search finds the first newer one.
        var events = state.Events;
        int low = 0, high = events.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (events[mid].Sequence <= afterSequence)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return events.GetRange(low, events.Count - low);
    }
}
