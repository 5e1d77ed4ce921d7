namespace ServingFabric.Compliance.Catalogue;

/// <summary>The labels reports and evidence.json use for a status: PASS, FAIL, NOT_EVIDENCED.</summary>
public static class ComplianceStatusLabels
{
    public static string ToLabel(this ComplianceStatus status) => status switch
    {
        ComplianceStatus.Pass => "PASS",
        ComplianceStatus.Fail => "FAIL",
        _ => "NOT_EVIDENCED",
    };
}
