using ServingFabric.Compliance.Checks;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Catalogue;

/// <summary>Every check of EN 18031 6.4.3 "Model Serving Infrastructure", one per acceptance line, in the control's order.</summary>
public static class ComplianceCatalogue
{
    public static IReadOnlyList<ComplianceCheck> Checks { get; } =
    [
        .. HighAvailabilityChecks.All(), .. HealthChecks.All(), .. ScalingChecks.All(), .. GpuChecks.All(), .. CanaryChecks.All(),
        .. AbTestChecks.All(), .. OptimizationChecks.All(), .. ResourceChecks.All(), .. SecurityChecks.All(), .. SecretChecks.All(),
        .. MonitoringChecks.All(),
    ];

    public static IReadOnlyList<CheckResult> Evaluate(EvidenceSet evidence) => [.. Checks.Select(c => c.Evaluate(evidence))];
}
