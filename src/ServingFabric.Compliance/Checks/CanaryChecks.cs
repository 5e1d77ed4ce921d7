using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Releases;

namespace ServingFabric.Compliance.Checks;

/// <summary>CANARY-1 .. CANARY-5: canary releases from the release records (<c>GET /v1/models/{name}/experiment</c>) and the event log.</summary>
internal static class CanaryChecks
{
    private const string Area = "Canary deployment";
    public const double SmallPercent = 10;
    private const string StartOne = "a canary release (fabric canary start <model> <version> --steps 5,25,50,100)";

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("CANARY-1", Area, "New versions deployed to a small percentage of traffic first", SmallFirstStep),
        new("CANARY-2", Area, "Canary performance monitored", Monitored),
        new("CANARY-3", Area, "Canary promoted when successful", e => Outcome(e, "promoted", "ReleasePromoted")),
        new("CANARY-4", Area, "Canary rolled back when it fails", e => Outcome(e, "rolled_back", "ReleaseRolledBack")),
        new("CANARY-5", Area, "Canary process automated", Automated),
    ];

    internal static Verdict SmallFirstStep(EvidenceSet e) => WithCanaries(e, canaries =>
    {
        var large = canaries.Where(c => c.Steps.Count == 0 || c.Steps[0] > SmallPercent).ToList();
        return Verdict.PassIf(large.Count == 0, $"every canary starts at {SmallPercent} % or less of traffic",
            $"canaries starting above {SmallPercent} %: {string.Join(", ", large.Select(c => c.Model))}", canaries.Select(Releases.Describe));
    });

    internal static Verdict Monitored(EvidenceSet e) => WithCanaries(e, canaries =>
    {
        var lines = canaries.SelectMany(c => new[] { Releases.Describe(c) }
            .Concat(c.Arms.Select(a => $"  {a.Role} v{a.Version}: {a.Requests} requests, {a.Errors} errors, geometric mean {a.GeometricMeanLatencyMs} ms"))
            .Concat(c.Tests.Select(t => "  " + Releases.Describe(t)))).ToList();
        var unwatched = canaries.Where(c => c.Tests.Count == 0).ToList();
        return Verdict.PassIf(unwatched.Count == 0, "every canary is judged by sequential tests on errors and latency of both arms",
            $"canaries without statistical tests: {string.Join(", ", unwatched.Select(c => c.Model))}", lines);
    });

    internal static Verdict Outcome(EvidenceSet e, string status, string eventKind)
    {
        if (!e.Fabric.Releases.IsAvailable)
        {
            return Missing.Source(e.Fabric.Releases, Missing.LiveFabric);
        }

        var canaries = Releases.OfKind(e, ReleaseKind.Canary).Where(c => Releases.Ended(c, status)).ToList();
        var events = e.Fabric.Events.Value?.Where(x => x.Kind == eventKind).ToList() ?? [];
        var lines = canaries.Select(Releases.Describe).Concat(events.Select(x => $"{x.Timestamp:u} {x.Model} {x.Kind}: {x.Message}")).ToList();
        return canaries.Count > 0 || events.Count > 0
            ? Verdict.Pass($"a release was {status.Replace('_', ' ')} ({canaries.Count} release records, {events.Count} {eventKind} events)", lines)
            : Verdict.NotEvidenced($"no release has been {status.Replace('_', ' ')} in the records kept",
                status == "promoted" ? "a canary that completed its steps" : "a canary rolled back on its harm tests (rehearse with fabric fault set)");
    }

    internal static Verdict Automated(EvidenceSet e)
    {
        if (!e.Fabric.Events.IsAvailable)
        {
            return Missing.Source(e.Fabric.Events, Missing.LiveFabric);
        }

        var decisions = e.Fabric.Events.Value.Where(x => x.Kind is "ReleaseAdvanced" or "ReleasePromoted" or "ReleaseRolledBack" && x.Actor is null).ToList();
        var lines = decisions.TakeLast(10).Select(x => $"{x.Timestamp:u} {x.Model} {x.Kind} by the fabric: {x.Message}").ToList();
        return decisions.Count > 0
            ? Verdict.Pass($"{decisions.Count} release decisions taken by the fabric itself (no actor)", lines)
            : Verdict.NotEvidenced("no release step was decided yet", "a canary that advanced, promoted or rolled back on its own");
    }

    private static Verdict WithCanaries(EvidenceSet e, Func<IReadOnlyList<ExperimentResponse>, Verdict> judge)
    {
        if (!e.Fabric.Releases.IsAvailable)
        {
            return Missing.Source(e.Fabric.Releases, Missing.LiveFabric);
        }

        var canaries = Releases.OfKind(e, ReleaseKind.Canary);
        return canaries.Count == 0 ? Verdict.Fail($"no model has a canary release record: no model is released by canary ({StartOne})") : judge(canaries);
    }
}
