using System.Globalization;
using ServingFabric.Grains.Scaling;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using ServingFabric.Scaling;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Carrying out scaling decisions without failing a request: added replicas are activated (and so placed and
/// warmed) at once but enter the routing table only when ready; removed ones leave the table first, keep serving
/// what fronts with an older table still send them, and unload once idle.
/// </summary>
internal sealed partial class ReplicaScaler
{
    /// <summary>The actor of automatic decisions.</summary>
    private const string FabricActor = "fabric";

    private async Task<bool> ApplyDecisionAsync(ModelDeploymentSpec spec, string version, VersionScalingState scaling, ScalingDecision decision)
    {
        var dirty = false;
        if (decision.Changed)
        {
            await ScaleAsync(spec, version, scaling, decision.To, decision.Reason, decision.Inputs, FabricActor);
            dirty = true;
        }

        // A limit is news when it starts or changes, not every round it holds.
        var limit = decision.Limit == ScalingLimit.None ? null : decision.Limit.ToString();
        if (limit != scaling.LimitedBy)
        {
            scaling.LimitedBy = limit;
            dirty = true;
            if (limit is not null)
            {
                router.AppendEvent(new EventDraft(ModelEventKind.ScalingLimited, null, null, null,
                    $"{spec.Name}/{version} needs more replicas than it may run: {decision.Reason}", FabricActor));
                RecordDecision(new ScalingDecisionView(time.GetUtcNow(), version, decision.From, decision.To, decision.Reason, decision.Inputs));
            }
        }

        return dirty;
    }

    /// <summary>Sets the version's desired replicas, records why, and activates the new ones (placement and warm-up start now).</summary>
    private async Task ScaleAsync(ModelDeploymentSpec spec, string version, VersionScalingState scaling, int to, string reason,
        IReadOnlyDictionary<string, double> inputs, string actor)
    {
        var now = time.GetUtcNow();
        var from = scaling.Desired;
        var previouslyActive = Math.Max(scaling.Active, spec.ReplicasPerVersion);
        scaling.Desired = to;
        var message = $"scaled {spec.Name}/{version} from {from} to {to} replicas: {reason}";
        if (to > from)
        {
            scaling.ScaledUpAt = now;
        }
        else
        {
            scaling.DrainStartedAt = now;
            scaling.Serving.RemoveAll(index => index >= to);
            var draining = Enumerable.Range(to, previouslyActive - to).Select(index => ReplicaKey.Format(spec.Name, version, index));
            message += $"; draining {string.Join(", ", draining)}: out of the routing table now, unloaded once idle";
        }

        if (to >= scaling.Active)
        {
            scaling.DrainStartedAt = null;
        }

        scaling.Active = Math.Max(scaling.Active, to);
        router.AppendEvent(new EventDraft(ModelEventKind.ReplicasScaled, null, null, null, message, actor));
        RecordDecision(new ScalingDecisionView(now, version, from, to, reason, inputs));
        router.InvalidateTable();

        // Activating the new keys now, rather than at the supervisor's next probe, starts their placement and model
        // load a round earlier. One at a time: placement learns where each went before it places the next (a probe
        // answers at once; the load goes on in the background). Keys still draining are warm and come back as they are.
        for (var index = previouslyActive; index < to; index++)
        {
            await replicas.ProbeAsync(ReplicaKey.Format(spec.Name, version, index));
        }
    }

    /// <summary>Unloads the draining replicas once every front has had time to drop them and their requests have finished (or the drain timed out).</summary>
    private async Task<bool> ProgressDrainAsync(ModelDeploymentSpec spec, string version, VersionScalingState scaling)
    {
        var desired = Math.Max(scaling.Desired, spec.ReplicasPerVersion);
        if (scaling.Active <= desired)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var started = scaling.DrainStartedAt ??= now;
        var keys = Enumerable.Range(desired, scaling.Active - desired).Select(index => ReplicaKey.Format(spec.Name, version, index)).ToList();
        var inFlight = keys.Sum(key => router.State.Replicas.GetValueOrDefault(key)?.InFlight ?? 0);
        var waited = now - started;
        if (waited < options.DrainDelay || (inFlight > 0 && waited < options.DrainTimeout))
        {
            return false;
        }

        try
        {
            await Task.WhenAll(keys.Select(replicas.UnloadAsync)).WaitAsync(supervisorOptions.ProbeTimeout, time);
        }
        catch (Exception ex)
        {
            // A replica whose silo died is gone already; one that did not answer deactivates when idle anyway.
            LogDrainUnloadFailed(logger, ex, string.Join(", ", keys));
        }

        foreach (var key in keys)
        {
            router.State.Replicas.Remove(key);
            placementHints.Forget(key);
        }

        scaling.Active = desired;
        scaling.DrainStartedAt = null;
        var seconds = waited.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        router.AppendEvent(new EventDraft(ModelEventKind.ReplicasScaled, null, null, null, inFlight == 0
            ? $"drained and unloaded {string.Join(", ", keys)}: out of the routing table for {seconds} s, no request in flight"
            : $"unloaded {string.Join(", ", keys)} with {inFlight} request(s) still in flight after the drain timeout ({seconds} s, ServingFabric:Scaling:DrainTimeout)",
            FabricActor));
        return true;
    }

    /// <summary>Puts replicas into the routing table once they are ready (the deployed minimum is always in it); false when nothing changed.</summary>
    private bool UpdateServing(ModelDeploymentSpec spec, string version, VersionScalingState scaling)
    {
        var minimum = spec.ReplicasPerVersion;
        var roster = new ReplicaRoster(router.State, spec);
        var serving = Enumerable.Range(0, scaling.Desired)
            .Where(index => index < minimum || roster.IsReady(version, index))
            .ToList();
        if (serving.SequenceEqual(scaling.Serving))
        {
            return false;
        }

        var joined = serving.Except(scaling.Serving).Where(index => index >= minimum).ToList();
        scaling.Serving = serving;
        router.InvalidateTable();
        var now = time.GetUtcNow();
        var after = scaling.ScaledUpAt is { } at ? $", {(now - at).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after the scale-up" : "";
        foreach (var index in joined)
        {
            var key = ReplicaKey.Format(spec.Name, version, index);
            var seen = roster.ObservationOf(version, index);
            router.AppendEvent(new EventDraft(ModelEventKind.ReplicasScaled, key, seen?.Silo, seen?.Zone,
                $"replica {key} is warm and takes traffic ({serving.Count} of {scaling.Desired} serving{after})", FabricActor));
        }

        if (serving.Count == scaling.Desired)
        {
            scaling.ScaledUpAt = null;
        }

        return true;
    }
}
