using System.Net;
using System.Text;
using ServingFabric.Compliance.Collection;

namespace ServingFabric.Compliance.Tests.Collection;

public sealed class PrometheusEvidenceCollectorTests
{
    [Fact]
    public async Task CollectAsync_PrometheusAnswers_ReadsAlertRulesTargetsAndBatchesPerSilo()
    {
        using var http = new HttpClient(new CannedPrometheus());

        var evidence = await PrometheusEvidenceCollector.CollectAsync(http, new Uri("http://prometheus.test:9090"), CancellationToken.None);

        Assert.Equal(["ServingFabricErrorBudgetFastBurn"], evidence.LoadedAlertRules.Value);
        Assert.Equal(["http://10.0.1.4:8080/metrics"], evidence.ScrapeTargetsUp.Value);
        Assert.Equal(new Dictionary<string, double> { ["10.0.1.4:8080"] = 410, ["10.0.2.4:8080"] = 395.5 }, evidence.BatchesByInstance.Value);
    }

    [Fact]
    public async Task CollectAsync_PrometheusRefuses_EverySourceUnavailableWithTheAnswer()
    {
        using var http = new HttpClient(new CannedPrometheus(HttpStatusCode.ServiceUnavailable));

        var evidence = await PrometheusEvidenceCollector.CollectAsync(http, new Uri("http://prometheus.test:9090"), CancellationToken.None);

        Assert.Contains("503", evidence.LoadedAlertRules.Missing, StringComparison.Ordinal);
        Assert.False(evidence.ScrapeTargetsUp.IsAvailable);
        Assert.False(evidence.BatchesByInstance.IsAvailable);
    }

    private sealed class CannedPrometheus(HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.RequestUri!.AbsolutePath switch
            {
                "/api/v1/rules" => """{"status":"success","data":{"groups":[{"name":"servingfabric","rules":[{"type":"alerting","name":"ServingFabricErrorBudgetFastBurn"},{"type":"recording","name":"servingfabric:sli"}]}]}}""",
                "/api/v1/targets" => """{"status":"success","data":{"activeTargets":[{"labels":{"job":"servingfabric"},"scrapeUrl":"http://10.0.1.4:8080/metrics","health":"up"},{"labels":{"job":"node"},"scrapeUrl":"http://10.0.9.9:9100/metrics","health":"up"}]}}""",
                _ => """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"instance":"10.0.1.4:8080"},"value":[1733461200,"410"]},{"metric":{"instance":"10.0.2.4:8080"},"value":[1733461200,"395.5"]}]}}""",
            };
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(status == HttpStatusCode.OK ? body : "unavailable", Encoding.UTF8, "application/json") });
        }
    }
}
