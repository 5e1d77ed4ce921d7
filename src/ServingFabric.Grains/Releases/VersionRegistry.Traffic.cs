using System.Globalization;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Releases;

/// <summary>Operator weights, mirroring and fault injection.</summary>
internal sealed partial class VersionRegistry
{
    /// <summary>The longest delay fault injection may add.</summary>
    public static readonly TimeSpan MaxFaultDelay = TimeSpan.FromSeconds(60);

    public void SetTraffic(TrafficSettings settings, ChangeAuthor author, ReleaseChange change)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RequireAuthor(author);
        RequireNoRelease("change the traffic split");
        var weights = settings.Weights is { } requested ? ValidWeights(requested) : state.Weights;
        var mirror = settings.Mirror;
        if (mirror is not null)
        {
            RequireActive(mirror.Version, "receive mirrored traffic");
            if (!(mirror.Percent is > 0 and <= 100))
            {
                throw new InferenceException(InferenceErrorKind.InvalidInput, $"mirror.percent must lie in (0, 100]; got {mirror.Percent}");
            }
        }

        if (weights.SequenceEqual(state.Weights) && mirror == state.Mirror)
        {
            return;
        }

        state.Weights = weights;
        state.Mirror = mirror;
        change.TrafficChanged = true;
        change.Record(ModelEventKind.TrafficChanged, author.Who, $"traffic of {spec.Name}: {DescribeTraffic(weights, mirror)}: {author.Why}");
    }

    public void SetFault(string version, FaultInjection? fault, ChangeAuthor author, ReleaseChange change)
    {
        RequireAuthor(author);
        RequireActive(version, "take injected faults");
        if (fault is null)
        {
            if (state.Faults.Remove(version))
            {
                change.TrafficChanged = true;
                change.Record(ModelEventKind.FaultInjectionChanged, author.Who, $"fault injection on {spec.Name} version {version} cleared: {author.Why}");
            }

            return;
        }

        fault = ValidFault(version, fault);
        if (state.Faults.GetValueOrDefault(version) == fault)
        {
            return;
        }

        state.Faults[version] = fault;
        change.TrafficChanged = true;
        change.Record(ModelEventKind.FaultInjectionChanged, author.Who,
            $"fault injection on {spec.Name} version {version}: {Percent(fault.AbortPercent)} of requests fail with {fault.AbortStatus}, {Percent(fault.DelayPercent)} delayed {fault.Delay.TotalMilliseconds:0} ms: {author.Why}");
    }

    private List<VersionWeight> ValidWeights(IReadOnlyList<VersionWeight> requested)
    {
        var weights = new List<VersionWeight>();
        foreach (var weight in requested)
        {
            if (weight is null || !double.IsFinite(weight.Percent) || weight.Percent is < 0 or > 100)
            {
                throw new InferenceException(InferenceErrorKind.InvalidInput, $"each weight needs a version and a percent in [0, 100]; got {weight}");
            }

            RequireActive(weight.Version, "receive traffic");
            if (weights.Any(w => w.Version == weight.Version))
            {
                throw new InferenceException(InferenceErrorKind.InvalidInput, $"version '{weight.Version}' appears twice in the weights; give each version once");
            }

            if (weight.Percent > 0)
            {
                weights.Add(weight);
            }
        }

        var sum = requested.Sum(w => w.Percent);
        if (requested.Count > 0 && Math.Abs(sum - 100) > 1e-6)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"weights must sum to 100 percent; they sum to {sum.ToString("0.######", CultureInfo.InvariantCulture)} (an empty list sends every request to the default version)");
        }

        weights.Sort((a, b) => VersionOrdering.Instance.Compare(a.Version, b.Version));
        return weights;
    }

    private static FaultInjection ValidFault(string version, FaultInjection fault)
    {
        if (fault.Version != version)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"the fault names version '{fault.Version}' but was sent for version '{version}'");
        }

        if (!(fault.AbortPercent is >= 0 and <= 100) || !(fault.DelayPercent is >= 0 and <= 100))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"abortPercent and delayPercent must lie in [0, 100]; got {fault.AbortPercent} and {fault.DelayPercent}");
        }

        if (fault.AbortPercent == 0 && fault.DelayPercent == 0)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, "a fault needs abortPercent or delayPercent above 0; to remove faults, clear them instead");
        }

        if (fault.AbortPercent > 0 && fault.AbortStatus is not (500 or 503))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"abortStatus must be 500 or 503; got {fault.AbortStatus}");
        }

        if (fault.Delay < TimeSpan.Zero || fault.Delay > MaxFaultDelay || (fault.DelayPercent > 0 && fault.Delay == TimeSpan.Zero))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"delay must lie in (0, {MaxFaultDelay.TotalSeconds:0} s] when delayPercent is above 0, and never outside [0, {MaxFaultDelay.TotalSeconds:0} s]; got {fault.Delay}");
        }

        // A delay-only fault carries no abort status worth showing; 503 keeps the record valid.
        return fault.AbortPercent == 0 && fault.AbortStatus is not (500 or 503) ? fault with { AbortStatus = 503 } : fault;
    }

    internal static string DescribeTraffic(IReadOnlyList<VersionWeight> weights, MirrorPolicy? mirror) =>
        (weights.Count == 0 ? "every unversioned request to the default" : string.Join(", ", weights.Select(w => $"{w.Version} {Percent(w.Percent)}")))
        + (mirror is null ? ", no mirror" : $", {Percent(mirror.Percent)} mirrored to {mirror.Version}");

    internal static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
