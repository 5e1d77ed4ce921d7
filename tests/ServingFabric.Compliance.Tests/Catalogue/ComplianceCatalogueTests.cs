using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Tests.Catalogue;

public sealed class ComplianceCatalogueTests
{
    private static readonly string[] GpuChecks = ["GPU-1", "GPU-2", "GPU-3", "GPU-4", "RES-2"];

    /// <summary>Checks that can only be evidenced by something having happened (or a GPU); they are NOT_EVIDENCED when it did not, never FAIL.</summary>
    public static TheoryData<string> EventDependentChecks => ["HEALTH-5", "SCALE-2", "SCALE-3", "SCALE-5", "CANARY-3", "CANARY-4", "CANARY-5", "AB-3", "OPT-1", "OPT-3", "OPT-5"];

    public static TheoryData<string> FailableChecks => [.. BrokenEvidence.ByCheck.Keys];

    [Fact]
    public void Checks_Catalogue_HasUniqueStableIdsForEveryArea()
    {
        var ids = ComplianceCatalogue.Checks.Select(c => c.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(["HA", "HEALTH", "SCALE", "GPU", "CANARY", "AB", "OPT", "RES", "SEC", "SECRET", "MON"], ids.Select(i => i[..i.LastIndexOf('-')]).Distinct());
        Assert.Equal(50, ids.Count);
    }

    [Fact]
    public void Evaluate_CompliantEvidence_EveryCheckPassesButGpuOnes()
    {
        var results = ComplianceCatalogue.Evaluate(CompliantEvidence.Create());

        var notPassing = results.Where(r => r.Status != ComplianceStatus.Pass).Select(r => $"{r.Id} {r.Status}: {r.Summary}").ToList();
        Assert.Equal(GpuChecks.Order(), results.Where(r => r.Status != ComplianceStatus.Pass).Select(r => r.Id).Order());
        Assert.All(results.Where(r => GpuChecks.Contains(r.Id)), r => Assert.Equal(ComplianceStatus.NotEvidenced, r.Status));
        Assert.True(notPassing.Count == GpuChecks.Length, string.Join("\n", notPassing));
    }

    [Theory]
    [MemberData(nameof(FailableChecks))]
    public void Evaluate_EvidenceWithItsDefect_FailsThatCheck(string id)
    {
        var evidence = BrokenEvidence.ByCheck[id](CompliantEvidence.Create());

        var result = ComplianceCatalogue.Evaluate(evidence).Single(r => r.Id == id);

        Assert.True(result.Status == ComplianceStatus.Fail, $"{id}: {result.Status} {result.Summary}");
    }

    [Fact]
    public void Evaluate_GpuFailureFollowedByItsReplicaServingAgain_PassesGpu3()
    {
        var evidence = BrokenEvidence.OnGpus(CompliantEvidence.Create());
        evidence = evidence with
        {
            Fabric = evidence.Fabric with
            {
                Events = Sourced.Read<IReadOnlyList<Contracts.Events.EventResponse>>("GET /v1/events", [
                    CompliantEvidence.Event("GpuFailed", 10, "iris/2/0", BrokenEvidence.GpuFailure),
                    CompliantEvidence.Event("ReplicaRecovered", 11, "iris/2/0", "replica iris/2/0 is ready again")]),
            },
        };

        var result = ComplianceCatalogue.Evaluate(evidence).Single(r => r.Id == "GPU-3");

        Assert.True(result.Status == ComplianceStatus.Pass, $"{result.Status} {result.Summary}");
        Assert.Contains(result.Evidence, line => line.Contains("ReplicaRecovered", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_GpusButNoGpuFailureYet_Gpu3NotEvidenced()
    {
        var result = ComplianceCatalogue.Evaluate(BrokenEvidence.OnGpus(CompliantEvidence.Create())).Single(r => r.Id == "GPU-3");

        Assert.Equal(ComplianceStatus.NotEvidenced, result.Status);
    }

    [Fact]
    public void Evaluate_NoCanaryAndNoAbTest_FailsCanaryAndAbConfiguration()
    {
        var evidence = CompliantEvidence.Create();
        evidence = evidence with { Fabric = evidence.Fabric with { Releases = Sourced.Read<IReadOnlyDictionary<string, Contracts.Releases.ExperimentResponse>>("GET /v1/models/{name}/experiment", new Dictionary<string, Contracts.Releases.ExperimentResponse>()) } };

        var results = ComplianceCatalogue.Evaluate(evidence).ToDictionary(r => r.Id);

        Assert.Equal(ComplianceStatus.Fail, results["CANARY-1"].Status);
        Assert.Equal(ComplianceStatus.Fail, results["AB-1"].Status);
    }

    [Theory]
    [MemberData(nameof(EventDependentChecks))]
    public void Evaluate_NothingHappenedYet_ThatCheckIsNotEvidencedWithWhatWouldEvidenceIt(string id)
    {
        var evidence = CompliantEvidence.Create();
        evidence = evidence with
        {
            Fabric = evidence.Fabric with
            {
                Events = Sourced.Read<IReadOnlyList<Contracts.Events.EventResponse>>("GET /v1/events", []),
                Models = Sourced.Read<IReadOnlyList<Contracts.Models.ModelResponse>>("GET /v1/models/{name}", [CompliantEvidence.Iris(decisions: [])]),
                Releases = Sourced.Read<IReadOnlyDictionary<string, Contracts.Releases.ExperimentResponse>>("r", new Dictionary<string, Contracts.Releases.ExperimentResponse>
                {
                    ["iris"] = CompliantEvidence.Canary() with { Status = "running", History = [] },
                    ["ranker"] = CompliantEvidence.AbTest(promoted: false),
                }),
                Metrics = Sourced.Read("GET /metrics", MetricsSnapshot.Parse(CompliantEvidence.Metrics.Replace("servingfabric_batch_size_count{model=\"iris\",version=\"2\"} 40000", ""))),
            },
        };

        var result = ComplianceCatalogue.Evaluate(evidence).Single(r => r.Id == id);

        Assert.True(result.Status == ComplianceStatus.NotEvidenced, $"{id}: {result.Status} {result.Summary}");
        Assert.False(string.IsNullOrWhiteSpace(result.ToEvidence));
    }

    [Fact]
    public void Evaluate_NoSourceReadable_NoCheckPasses()
    {
        var url = new Uri("https://unreachable.example/");
        static Sourced<T> Gone<T>() where T : class => Sourced.Unavailable<T>("source", "connection refused");
        var fabric = new FabricEvidence(url, Gone<HttpObservation>(), Gone<HttpObservation>(), Gone<IReadOnlyList<Contracts.Models.ModelResponse>>(),
            Gone<IReadOnlyDictionary<string, ModelMetadata>>(), Gone<IReadOnlyDictionary<string, Contracts.Releases.ExperimentResponse>>(),
            Gone<IReadOnlyList<Contracts.Events.EventResponse>>(), Gone<Contracts.Security.Secrets.SecretStatusResponse>(), Gone<Contracts.Security.Secrets.SecretAuditResponse>(),
            Gone<MetricsSnapshot>(), Gone<IReadOnlyList<HttpObservation>>(), Gone<TlsObservation>());
        var evidence = new EvidenceSet(fabric, ServingFabric.Compliance.Collection.DeploymentEvidenceReader.NotGiven, PrometheusEvidence.NotGiven, DrillEvidence.NoneRun);

        var results = ComplianceCatalogue.Evaluate(evidence);

        Assert.All(results, r => Assert.True(r.Status == ComplianceStatus.NotEvidenced, $"{r.Id}: {r.Status} {r.Summary}"));
        Assert.All(results, r => Assert.False(string.IsNullOrWhiteSpace(r.ToEvidence)));
    }
}
