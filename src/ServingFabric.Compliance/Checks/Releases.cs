using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Releases;

namespace ServingFabric.Compliance.Checks;

/// <summary>The release records of one kind, and how they read in evidence lines.</summary>
internal static class Releases
{
    public static IReadOnlyList<ExperimentResponse> OfKind(EvidenceSet e, ReleaseKind kind) =>
        [.. (e.Fabric.Releases.Value?.Values ?? []).Where(r => r.Kind == kind)];

    public static string Describe(ExperimentResponse r) =>
        $"{r.Model} {r.Id}: {r.Control} → {r.Candidate}, steps [{string.Join(", ", r.Steps)}] %, status {r.Status}, decision {r.Decision} ({r.Reason})";

    public static string Describe(StatisticalTestResponse t) =>
        $"test {t.Name}: estimate {t.Estimate}, always-valid CI [{t.Lower}, {t.Upper}], p {t.PValue}, alpha {t.Alpha}, rejected {t.Rejected}";

    public static bool Ended(ExperimentResponse r, string status) =>
        r.Status == status || r.History.Any(h => h.Action == status);
}
