using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Bundle;

/// <summary>
/// <c>evidence.json</c>, schema <c>servingfabric.compliance/v1</c> (documented in docs/compliance.md): the run, every
/// check's verdict, every source with whether it was read, and the drills' results.
/// </summary>
/// <param name="Schema">Always <c>servingfabric.compliance/v1</c>; a change of shape changes it.</param>
/// <param name="Control">The control verified.</param>
/// <param name="GeneratedAt">When the evidence was gathered (UTC).</param>
/// <param name="FabricUrl">The gateway audited.</param>
/// <param name="ManifestOrigin">How the Kubernetes manifests were obtained.</param>
/// <param name="Summary">Checks per status.</param>
/// <param name="Checks">Every check in catalogue order.</param>
/// <param name="Sources">Every source with whether it was read and, when not, why.</param>
/// <param name="LoadDrill">The load drill's result; null when it did not run.</param>
/// <param name="FailoverDrill">The failover drill's result; null when it did not run.</param>
/// <param name="ScaleDrill">The scale drill's result; null when it did not run.</param>
public sealed record EvidenceDocument(
    string Schema,
    string Control,
    DateTimeOffset GeneratedAt,
    string FabricUrl,
    string ManifestOrigin,
    StatusCounts Summary,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<SourceState> Sources,
    LoadDrillResult? LoadDrill,
    FailoverDrillResult? FailoverDrill,
    ScaleDrillResult? ScaleDrill)
{
    public const string SchemaName = "servingfabric.compliance/v1";
    public const string ControlName = "EN 18031 6.4.3 Model Serving Infrastructure";

    public static EvidenceDocument From(ComplianceRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var e = run.Evidence;
        return new EvidenceDocument(SchemaName, ControlName, e.GatheredAt, e.Fabric.Url.ToString(), e.Deployment.ManifestOrigin,
            new StatusCounts(run.Count(ComplianceStatus.Pass), run.Count(ComplianceStatus.Fail), run.Count(ComplianceStatus.NotEvidenced)),
            run.Results, [.. EvidenceSources.Of(e)], e.Drills.Load.Value, e.Drills.Failover.Value, e.Drills.Scale.Value);
    }
}

/// <summary>How many checks passed, failed and were not evidenced.</summary>
public sealed record StatusCounts(int Pass, int Fail, int NotEvidenced);

/// <summary>One source of evidence: whether it was read and, when not, why.</summary>
public sealed record SourceState(string Source, bool Read, string? Missing);
