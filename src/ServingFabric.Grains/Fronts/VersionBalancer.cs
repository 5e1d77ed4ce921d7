using ServingFabric.Models;
using ServingFabric.Traffic.LoadBalancing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// Replica choice for one model version, shared by every front activation on this silo so that an ejection seen by
/// one worker holds for all, and in-flight counts add up. One lock guards it; a choice is a loop over a handful of
/// replicas into reused buffers, with no allocation on the request path.
/// </summary>
internal sealed class VersionBalancer(OutlierDetectionOptions outlierOptions, IReplicaChooser chooser, TimeProvider time, string? localSilo = null)
{
    private readonly Lock _gate = new();
    private readonly OutlierDetector _outliers = new(outlierOptions, time);
    private readonly Queue<PendingHealthReport> _reports = new();
    private IReadOnlyList<string>? _keys;
    private ReplicaSlot[] _slots = [];
    private ReplicaLoad[] _loads = [];
    private int[] _candidates = [];
    private bool _used;

    /// <summary>Follows the routing table's replica keys; slots of keys still present keep their history.</summary>
    public void Update(IReadOnlyList<string> keys)
    {
        if (ReferenceEquals(keys, _keys))
        {
            return;
        }

        lock (_gate)
        {
            if (ReferenceEquals(keys, _keys))
            {
                return;
            }

            var slots = new ReplicaSlot[keys.Count];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = Array.Find(_slots, s => s.Key == keys[i]) ?? new ReplicaSlot(keys[i]);
            }

            _outliers.Track(keys);
            _slots = slots;
            _loads = new ReplicaLoad[slots.Length];
            _candidates = new int[slots.Length];
            _keys = keys;
        }
    }

    /// <summary>
    /// The replica for the next attempt, counted in flight until <see cref="Complete"/>; null when there is none
    /// (a retry with no other replica). A first attempt may be the probe of an ejected replica whose back-off is over
    /// (<paramref name="probe"/>); a retry never is. Candidates, widest last: in rotation and serving on another silo
    /// than the failed attempt; in rotation; any replica but the failed one, so a version never refuses traffic
    /// while it has a replica at all.
    /// </summary>
    public ReplicaSlot? Choose(ReplicaSlot? failed, out bool probe)
    {
        lock (_gate)
        {
            _used = true;
            probe = false;
            var count = 0;
            var probeIndex = -1;
            for (var i = 0; i < _slots.Length; i++)
            {
                var slot = _slots[i];
                if (slot == failed)
                {
                    continue;
                }

                var availability = _outliers.GetAvailability(slot.Key);
                if (availability == ReplicaAvailability.ProbeEligible && failed is null && probeIndex < 0)
                {
                    probeIndex = i;
                }

                if (availability == ReplicaAvailability.Available && slot.LooksServing && (failed?.Silo is null || slot.Silo != failed.Silo))
                {
                    _candidates[count++] = i;
                }
            }

            if (probeIndex >= 0 && _outliers.TryBeginProbe(_slots[probeIndex].Key))
            {
                probe = true;
                return Take(_slots[probeIndex]);
            }

            if (count == 0)
            {
                count = Collect(failed, inRotationOnly: true);
            }

            if (count == 0)
            {
                count = Collect(failed, inRotationOnly: false);
            }

            if (count == 0)
            {
                return null;
            }

            for (var c = 0; c < count; c++)
            {
                var slot = _slots[_candidates[c]];
                _loads[c] = new ReplicaLoad(slot.InFlight, slot.QueueDepth, localSilo is not null && slot.Silo == localSilo);
            }

            var chosen = chooser.Choose(_loads.AsSpan(0, count));
            return Take(_slots[_candidates[chosen]]);
        }
    }

    /// <summary>Ends an attempt: out of flight, and its outcome counted by outlier detection.</summary>
    public OutlierVerdict Complete(ReplicaSlot slot, ReplicaCallOutcome outcome, bool probe)
    {
        lock (_gate)
        {
            slot.InFlight--;
            if (probe && outcome == ReplicaCallOutcome.Neutral)
            {
                _outliers.AbandonProbe(slot.Key);
            }

            var verdict = outcome switch
            {
                ReplicaCallOutcome.Success => _outliers.RecordSuccess(slot.Key),
                ReplicaCallOutcome.ReplicaFailure or ReplicaCallOutcome.SiloUnreachable => _outliers.RecordFailure(slot.Key),
                _ => OutlierVerdict.None,
            };

            if (outcome == ReplicaCallOutcome.Success)
            {
                slot.Unreachable = false;
            }
            else if (outcome == ReplicaCallOutcome.SiloUnreachable)
            {
                // Steer first choices away until a probe or an answer shows it back (elsewhere, once its silo is declared dead).
                slot.Unreachable = true;
            }

            if (verdict.Transition == OutlierTransition.Ejected)
            {
                _reports.Enqueue(new PendingHealthReport(slot.Key, ReplicaHealthVerdict.Ejected, $"{verdict.Reason}; out of rotation until {verdict.EjectedUntil:O}"));
            }
            else if (verdict.Transition == OutlierTransition.Recovered)
            {
                _reports.Enqueue(new PendingHealthReport(slot.Key, ReplicaHealthVerdict.Healthy, null));
            }

            return verdict;
        }
    }

    /// <summary>
    /// Claims the replicas whose status is older than <paramref name="interval"/> for a probe, only while the version
    /// has traffic: an idle version is not probed, and an unloaded model's replicas are not woken up.
    /// </summary>
    public void ClaimStatusRefresh(TimeSpan interval, List<ReplicaSlot> into)
    {
        lock (_gate)
        {
            if (!_used)
            {
                return;
            }

            _used = false;
            foreach (var slot in _slots)
            {
                if (!slot.Refreshing && (slot.StatusAt == 0 || time.GetElapsedTime(slot.StatusAt) >= interval))
                {
                    slot.Refreshing = true;
                    into.Add(slot);
                }
            }
        }
    }

    /// <summary>Records a status probe's answer; null when it failed.</summary>
    public void ApplyStatus(ReplicaSlot slot, ReplicaStatus? status)
    {
        lock (_gate)
        {
            slot.Refreshing = false;
            slot.StatusAt = time.GetTimestamp();
            if (status is null)
            {
                slot.Unreachable = true;
                return;
            }

            slot.Unreachable = false;
            slot.State = status.State;
            slot.QueueDepth = status.QueueDepth;
            slot.Silo = status.Silo;
        }
    }

    /// <summary>The oldest ejection or recovery not yet told to the router.</summary>
    public bool TryTakeReport(out PendingHealthReport report)
    {
        lock (_gate)
        {
            return _reports.TryDequeue(out report);
        }
    }

    private int Collect(ReplicaSlot? failed, bool inRotationOnly)
    {
        var count = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] != failed && (!inRotationOnly || _outliers.GetAvailability(_slots[i].Key) == ReplicaAvailability.Available))
            {
                _candidates[count++] = i;
            }
        }

        return count;
    }

    private static ReplicaSlot Take(ReplicaSlot slot)
    {
        slot.InFlight++;
        return slot;
    }
}
