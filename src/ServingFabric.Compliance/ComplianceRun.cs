using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance;

/// <summary>One verification: the evidence gathered and each check's verdict on it.</summary>
public sealed record ComplianceRun(EvidenceSet Evidence, IReadOnlyList<CheckResult> Results)
{
    public int Count(ComplianceStatus status) => Results.Count(r => r.Status == status);

    /// <summary>Compliant means no check FAILs; NOT_EVIDENCED checks are listed apart, not counted as passes.</summary>
    public bool HasFailures => Results.Any(r => r.Status == ComplianceStatus.Fail);
}
