namespace ServingFabric.Compliance.Evidence;

/// <summary>Everything one run gathered: the live fabric, the deployment files, Prometheus and the drills.</summary>
public sealed record EvidenceSet(FabricEvidence Fabric, DeploymentEvidence Deployment, PrometheusEvidence Prometheus, DrillEvidence Drills)
{
    /// <summary>When the evidence was gathered; rotation ages and event windows are measured from here.</summary>
    public DateTimeOffset GatheredAt { get; init; }
}
