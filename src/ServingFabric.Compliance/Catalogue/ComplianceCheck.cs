using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Catalogue;

/// <summary>One acceptance line of the control and how its evidence is judged. Judging is pure: the same evidence gives the same verdict.</summary>
/// <param name="Id">Stable id (<c>HA-1</c> ... <c>MON-5</c>): reports and auditors refer to it across releases, so it never changes meaning.</param>
/// <param name="Area">The control's area.</param>
/// <param name="Requirement">The acceptance line.</param>
/// <param name="Judge">Decides on the evidence; returns the verdict without id, area and requirement.</param>
public sealed record ComplianceCheck(string Id, string Area, string Requirement, Func<EvidenceSet, Verdict> Judge)
{
    public CheckResult Evaluate(EvidenceSet evidence)
    {
        Verdict verdict;
        try
        {
            verdict = Judge(evidence);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException or InvalidCastException or NullReferenceException)
        {
            // Evidence is untrusted input: a shape the judge did not expect is not a pass, it is unevidenced.
            verdict = Verdict.NotEvidenced($"the evidence could not be judged ({ex.GetType().Name}: {ex.Message})", "evidence in the documented shape");
        }

        return new CheckResult(Id, Area, Requirement, verdict.Status, verdict.Summary, verdict.Evidence, verdict.ToEvidence);
    }
}
