namespace ServingFabric.Compliance.Catalogue;

/// <summary>One check's verdict on the evidence of one run.</summary>
/// <param name="Id">The check's stable id, such as <c>HA-1</c>.</param>
/// <param name="Area">The control's area (High availability, Health checks, ...).</param>
/// <param name="Requirement">The acceptance line of EN 18031 6.4.3 the check answers.</param>
/// <param name="Status">PASS, FAIL or NOT_EVIDENCED.</param>
/// <param name="Summary">The verdict's reason in one line.</param>
/// <param name="Evidence">The observations behind it, one per line, each naming its source.</param>
/// <param name="ToEvidence">For NOT_EVIDENCED: what would evidence it; otherwise null.</param>
public sealed record CheckResult(
    string Id, string Area, string Requirement, ComplianceStatus Status, string Summary, IReadOnlyList<string> Evidence, string? ToEvidence);
