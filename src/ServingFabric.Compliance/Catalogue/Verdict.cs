namespace ServingFabric.Compliance.Catalogue;

/// <summary>What a judge decided: the status, the one-line reason, the observations, and for NOT_EVIDENCED what would evidence it.</summary>
public sealed record Verdict(ComplianceStatus Status, string Summary, IReadOnlyList<string> Evidence, string? ToEvidence)
{
    public static Verdict Pass(string summary, IEnumerable<string>? evidence = null) => new(ComplianceStatus.Pass, summary, [.. evidence ?? []], null);

    public static Verdict Fail(string summary, IEnumerable<string>? evidence = null) => new(ComplianceStatus.Fail, summary, [.. evidence ?? []], null);

    public static Verdict NotEvidenced(string why, string toEvidence, IEnumerable<string>? evidence = null) =>
        new(ComplianceStatus.NotEvidenced, why, [.. evidence ?? []], toEvidence);

    /// <summary>PASS when <paramref name="holds"/>, else FAIL, with the same observations.</summary>
    public static Verdict PassIf(bool holds, string passSummary, string failSummary, IEnumerable<string>? evidence = null) =>
        holds ? Pass(passSummary, evidence) : Fail(failSummary, evidence);
}
