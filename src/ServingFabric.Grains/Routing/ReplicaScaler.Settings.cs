using System.Globalization;
using ServingFabric.Grains.Supervision;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Routing;

/// <summary><c>PUT /v1/models/{name}/scaling</c>: validated, recorded with who and why, and bounds applied at once.</summary>
internal sealed partial class ReplicaScaler
{
    /// <summary>
    /// Merges <paramref name="settings"/> into the operator's overrides (400 when the result is inconsistent), records
    /// the change, and applies new bounds to <paramref name="versions"/> at once; writes the state.
    /// </summary>
    public async Task<ScalingView> SetAsync(ScalingSettings settings, ChangeAuthor author, IReadOnlyList<string> versions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(author);
        var name = router.Model;
        if (router.State.Spec is not { } spec)
        {
            throw new InferenceException(InferenceErrorKind.NotFound, $"model '{name}' is not deployed; load it with POST /v2/repository/models/{name}/load first");
        }

        var scaling = router.State.Scaling;
        var merged = ScalingOverrides.Merge(scaling.Overrides, settings);
        var failures = ScalingOverrides.Validate(name, merged, spec.ReplicasPerVersion, options.Policy.MaxReplicasLimit);
        if (failures.Count > 0)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"scaling settings of model '{name}' not changed: {string.Join(" ", failures)}");
        }

        var before = TargetsOf(spec).ToSettings(scaling.Overrides);
        var admissionBefore = AdmissionOf();
        scaling.Overrides = merged;
        var targets = TargetsOf(spec);
        placementHints.SetResourceLimits(name, targets.MaxCpuPercent, targets.MaxMemoryPercent);
        router.AppendEvent(new EventDraft(ModelEventKind.ScalingChanged, null, null, null,
            $"scaling of {name} changed by {author.Who} ({author.Why}): {DescribeChanges(before, targets.ToSettings(merged))}", author.Who));
        if (AdmissionOf() != admissionBefore)
        {
            router.InvalidateTable();
        }

        // New bounds hold at once: the operator asked for them. Everything else waits for the autoscaler's next round.
        if (router.State.Loaded)
        {
            foreach (var version in versions)
            {
                var versionState = ScalingStateOf(spec, version);
                var to = Math.Clamp(versionState.Desired, targets.MinReplicas, targets.MaxReplicas);
                if (to != versionState.Desired)
                {
                    var reason = to > versionState.Desired
                        ? $"minReplicas raised to {targets.MinReplicas} by {author.Who} ({author.Why})"
                        : $"maxReplicas lowered to {targets.MaxReplicas} by {author.Who} ({author.Why})";
                    var inputs = new Dictionary<string, double>(StringComparer.Ordinal)
                    {
                        ["replicas"] = versionState.Desired,
                        ["min_replicas"] = targets.MinReplicas,
                        ["max_replicas"] = targets.MaxReplicas,
                    };
                    await ScaleAsync(spec, version, versionState, to, reason, inputs, author.Who);
                }
            }
        }

        await router.WriteStateAsync();
        return ViewOf(spec, versions);
    }

    private static string DescribeChanges(ScalingSettings before, ScalingSettings after)
    {
        var changes = new List<string>();
        Compare(changes, "minReplicas", before.MinReplicas, after.MinReplicas);
        Compare(changes, "maxReplicas", before.MaxReplicas, after.MaxReplicas);
        Compare(changes, "targetInFlightPerReplica", before.TargetInFlightPerReplica, after.TargetInFlightPerReplica);
        Compare(changes, "targetQueueDepthPerReplica", before.TargetQueueDepthPerReplica, after.TargetQueueDepthPerReplica);
        Compare(changes, "targetP95Latency", before.TargetP95Latency, after.TargetP95Latency);
        Compare(changes, "maxCpuPercent", before.MaxCpuPercent, after.MaxCpuPercent);
        Compare(changes, "maxMemoryPercent", before.MaxMemoryPercent, after.MaxMemoryPercent);
        Compare(changes, "scaleDownStabilization", before.ScaleDownStabilization, after.ScaleDownStabilization);
        Compare(changes, "scaleUpStabilization", before.ScaleUpStabilization, after.ScaleUpStabilization);
        Compare(changes, "maxConcurrency", before.MaxConcurrency, after.MaxConcurrency);
        Compare(changes, "maxQueueLength", before.MaxQueueLength, after.MaxQueueLength);
        Compare(changes, "queueTimeout", before.QueueTimeout, after.QueueTimeout);
        return changes.Count == 0 ? "no change (the settings were already in effect)" : string.Join(", ", changes);
    }

    private static void Compare<T>(List<string> changes, string name, T? before, T? after)
    {
        if (!EqualityComparer<T?>.Default.Equals(before, after))
        {
            changes.Add($"{name} {Text(before)} → {Text(after)}");
        }
    }

    private static string Text<T>(T? value) => value switch
    {
        null => "(unset)",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
