using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Tests.Evidence;

public sealed class MetricsSnapshotTests
{
    [Fact]
    public void Parse_Exposition_ReadsNamesLabelsAndValuesAndSkipsGarbage()
    {
        var snapshot = MetricsSnapshot.Parse("""
            # HELP servingfabric_inference_requests_total Inference requests
            servingfabric_inference_requests_total{model="iris",outcome="success",note="a \"quoted\" value"} 40
            servingfabric_silo_cpu_utilization 0.25
            not a sample at all
            broken{model="iris" NaN-ish
            """);

        Assert.Equal(2, snapshot.Samples.Count);
        var requests = Assert.Single(snapshot.Named("servingfabric_inference_requests_total"));
        Assert.Equal("success", requests.Labels["outcome"]);
        Assert.Equal("a \"quoted\" value", requests.Labels["note"]);
        Assert.Equal(40, requests.Value);
        Assert.Equal(0.25, snapshot.Sum("servingfabric_silo_cpu_utilization"));
    }
}
