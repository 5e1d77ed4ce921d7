using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Checks;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Tests.Checks;

public sealed class LoadBalancedTests
{
    [Fact]
    public void LoadBalanced_PrometheusBatchesOnThreeSilos_Passes()
    {
        var verdict = HighAvailabilityChecks.LoadBalanced(WithBatches(new() { ["10.0.1.4:8080"] = 410, ["10.0.2.4:8080"] = 395, ["10.0.3.4:8080"] = 402 }));

        Assert.Equal(ComplianceStatus.Pass, verdict.Status);
        Assert.Equal(3, verdict.Evidence.Count);
    }

    [Fact]
    public void LoadBalanced_PrometheusBatchesOnOneSiloOfThree_Fails()
    {
        var verdict = HighAvailabilityChecks.LoadBalanced(WithBatches(new() { ["10.0.1.4:8080"] = 1200, ["10.0.2.4:8080"] = 0, ["10.0.3.4:8080"] = 0 }));

        Assert.Equal(ComplianceStatus.Fail, verdict.Status);
    }

    [Fact]
    public void LoadBalanced_DrillSawNoReplicaBusyAndNoPrometheus_IsNotEvidenced()
    {
        var evidence = CompliantEvidence.Create();
        evidence = evidence with { Drills = evidence.Drills with { Load = Sourced.Read("load drill", evidence.Drills.Load.Value! with { ReplicaBusySamples = new Dictionary<string, int> { ["iris/2/0"] = 0 } }) } };

        var verdict = HighAvailabilityChecks.LoadBalanced(evidence);

        Assert.Equal(ComplianceStatus.NotEvidenced, verdict.Status);
        Assert.Contains("--prometheus", verdict.ToEvidence, StringComparison.Ordinal);
    }

    private static EvidenceSet WithBatches(Dictionary<string, double> batches) => CompliantEvidence.Create() with
    {
        Drills = DrillEvidence.NoneRun,
        Prometheus = PrometheusEvidence.NotGiven with { BatchesByInstance = Sourced.Read<IReadOnlyDictionary<string, double>>("Prometheus query", batches) },
    };
}
