using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Releases;

namespace ServingFabric.Compliance.Checks;

/// <summary>CANARY-1 .. CANARY-5: canary releases from the release records (<c>GET /v1/models/{name}/experiment</c>) and the event log.</summary>
internal static class CanaryChecks
{
    private const string Area = "Canary deployment";
    public const double SmallPercent = 10;
    /// <summary>The actor of the fabric's own decisions in the event log.</summary>
    public const string FabricActor = "fabric";
    private const string StartOne = "a canary release (fabric canary start <model> <version> --steps 5,25,50,100)";

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("CANARY-1", Area, "New versions deployed to a small percentage of traffic first", SmallFirstStep),
        new("CANARY-2", Area, "Canary performance monitored", Monitored),
        new("CANARY-3", Area, "Canary promoted when successful", e => Outcome(e, "promoted", "ReleasePromoted")),
        new("CANARY-4", Area, "Canary rolled back when it fails", RolledBack),
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

    /// <summary>
    /// A rollback on record passes; a canary promoted while one of its harm tests (errors, slow requests, latency) had
    /// rejected fails, since that is a failing canary that was not rolled back.
    /// </summary>
    internal static Verdict RolledBack(EvidenceSet e)
    {
        var outcome = Outcome(e, "rolled_back", "ReleaseRolledBack");
        if (!e.Fabric.Releases.IsAvailable)
        {
            return outcome;
        }

        var harmed = Releases.OfKind(e, ReleaseKind.Canary).Where(c => Releases.Ended(c, "promoted"))
            .SelectMany(c => c.Tests.Where(t => t.Rejected && !t.Name.StartsWith("sample ratio", StringComparison.Ordinal)).Select(t => (Canary: c, Test: t))).ToList();
        return harmed.Count == 0
            ? outcome
            : Verdict.Fail($"promoted although a harm test rejected: {string.Join(", ", harmed.Select(h => $"{h.Canary.Model} {h.Canary.Id} ({h.Test.Name})"))}",
                harmed.Select(h => $"{Releases.Describe(h.Canary)}; {Releases.Describe(h.Test)}"));
    }

    /// <summary>
    /// Release decisions the fabric took itself (actor <c>fabric</c>, or none in older records) pass; releases decided
    /// only by hand (promote, rollback and advance all carrying a person's or key's actor) fail.
    /// </summary>
    internal static Verdict Automated(EvidenceSet e)
    {
        if (!e.Fabric.Events.IsAvailable)
        {
            return Missing.Source(e.Fabric.Events, Missing.LiveFabric);
        }

        var decisions = e.Fabric.Events.Value.Where(x => x.Kind is "ReleaseAdvanced" or "ReleasePromoted" or "ReleaseRolledBack").ToList();
        var automated = decisions.Where(x => x.Actor is null or FabricActor).ToList();
        if (automated.Count > 0)
        {
            return Verdict.Pass($"{automated.Count} release decisions taken by the fabric itself (actor {FabricActor})",
                automated.TakeLast(10).Select(x => $"{x.Timestamp:u} {x.Model} {x.Kind} by the fabric: {x.Message}"));
        }

        return decisions.Count > 0
            ? Verdict.Fail($"all {decisions.Count} release decisions were taken by hand; none by the fabric's sequential tests",
                decisions.TakeLast(10).Select(x => $"{x.Timestamp:u} {x.Model} {x.Kind} by {x.Actor}: {x.Message}"))
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
