using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// Carries out a routing table's traffic policy for one front activation: the version split (sticky by routing key or
/// request id) and the injected faults. One per activation, which runs one turn at a time: no lock needed.
/// </summary>
internal sealed class VersionChooser(TimeProvider time)
{
    private readonly TrafficSequences _sequences = new();
    private TrafficPlan? _plan;
    private RoutingTable? _planTable;

    /// <summary>The version (and mirror, fault, release arm) for <paramref name="request"/>; 404 for a version the table lacks.</summary>
    public TrafficChoice Choose(RoutingTable table, InferenceRequest request)
    {
        var plan = PlanFor(table);
        var traffic = plan.Decide(request.ModelVersion, request.RoutingKey, request.Id, _sequences);
        return new TrafficChoice(plan, traffic, Resolve(table, traffic.Version));
    }

    /// <summary>The traffic plan of <paramref name="table"/>, prepared once per table.</summary>
    public TrafficPlan PlanFor(RoutingTable table)
    {
        if (!ReferenceEquals(table, _planTable))
        {
            _plan = TrafficPlan.For(table);
            _planTable = table;
        }

        return _plan!;
    }

    /// <summary>
    /// An injected delay (bounded by the deadline: a delay past it ends in 504, as a slow version would) and an
    /// injected abort, before any replica is called: an aborted request is never retried elsewhere.
    /// </summary>
    public async ValueTask InjectFaultsAsync(
        RoutingTable table, TrafficChoice choice, InferenceRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var traffic = choice.Traffic;
        if (traffic.Delay is { } delay)
        {
            var remaining = deadline - time.GetUtcNow();
            if (delay >= remaining)
            {
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, time, cancellationToken);
                }

                throw ReplicaCaller.DeadlineExceeded(request, deadline);
            }

            await Task.Delay(delay, time, cancellationToken);
        }

        if (traffic.AbortStatus is { } status)
        {
            var fault = choice.Plan.FaultFor(traffic.Version);
            throw new InferenceException(status == 503 ? InferenceErrorKind.Unavailable : InferenceErrorKind.Internal,
                $"fault injected by an operator for version {traffic.Version} (abort {fault?.AbortPercent:0.###}%); clear it with DELETE /v1/models/{table.ModelName}/versions/{traffic.Version}/fault");
        }
    }

    /// <summary>The route of <paramref name="version"/> (null or empty: the default one); 404 naming the versions there are.</summary>
    public static VersionRoute Resolve(RoutingTable table, string? version)
    {
        var wanted = string.IsNullOrEmpty(version) ? table.DefaultVersion : version;
        return Find(table, wanted) ?? throw new InferenceException(InferenceErrorKind.NotFound,
            $"model '{table.ModelName}' has no version '{wanted}'; versions: {string.Join(", ", table.Versions.Select(v => v.Version))}");
    }

    /// <summary>The route of <paramref name="version"/>, or null when the table does not route it.</summary>
    public static VersionRoute? Find(RoutingTable table, string version)
    {
        foreach (var route in table.Versions)
        {
            if (route.Version == version)
            {
                return route;
            }
        }

        return null;
    }
}
