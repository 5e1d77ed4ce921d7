using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// A real silo's /metrics carries every Prometheus name the manifests (HPA, Prometheus Adapter rules, KEDA) may read,
/// spelled as <see cref="ServingFabricMetricNames.Prometheus"/> says: the last link between the manifests and the code.
/// </summary>
public sealed partial class MetricsEndpointTests : IAsyncLifetime
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-deploy-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        (_app, var address) = await InProcessSilo.StartAsync(_repository, "--ServingFabric:Silo:ResourceSampleInterval=00:00:00.200");
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        await InProcessSilo.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_repository, recursive: true);
    }

    [Fact]
    public async Task Metrics_LoadedModelAndAdmission_ExportEveryAutoscalingNameAsDocumented()
    {
        // A loaded model reports in-flight and queue depth; the silo reports CPU and memory from its first reading.
        using (var inference = await _http.PostAsJsonAsync("/v2/models/iris/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new[] { 1f, 2f, 3f, 4f } } },
        }))
        {
            inference.EnsureSuccessStatusCode();
        }

        // Admission reports only for models with limits (set by the router); this silo's instruments are fed directly
        // so their exported names are checked as well. The silo's gates (made with the first front, during the infer
        // above) already describe the admission gauges: the naming check is added beside what they report.
        var metrics = _app.Services.GetRequiredService<ServingFabricMetrics>();
        var gates = metrics.AdmissionSource;
        metrics.AdmissionSource = () => (gates?.Invoke() ?? []).Append(("naming-check", "1", 0, 0));
        metrics.RecordAdmitted("naming-check", "1", waited: true);
        metrics.RecordQueued("naming-check", "1");
        metrics.RecordRefused("naming-check", "1", "queue_full");

        var exported = await ScrapeUntilAsync(ServingFabricMetricNames.Prometheus.All);

        Assert.All(ServingFabricMetricNames.Prometheus.All, name => Assert.Contains(name, exported));
        Assert.Contains($"{ServingFabricMetricNames.Prometheus.ReplicaInFlight}{{", exported["lines"], StringComparison.Ordinal);
        Assert.Contains("model=\"iris\"", exported["lines"], StringComparison.Ordinal);
    }

    /// <summary>
    /// The families deploy/monitoring's rules read. A silo exports each of them once it serves (asserted below), but
    /// for the certificate expiry (only with an https listener or Orleans TLS: GatewayHttpsTests asserts it) and the
    /// secret store's reachability (only with secret references).
    /// </summary>
    public static IReadOnlyList<string> NamesAlertsRead { get; } =
    [
        "servingfabric_inference_requests_total", "servingfabric_inference_duration_seconds", "servingfabric_admission_refused_total",
        "servingfabric_model_replicas", "servingfabric_model_replicas_min", "servingfabric_model_spread_degraded", "servingfabric_cluster_silos",
        "servingfabric_model_events_total", "servingfabric_silo_cpu_utilization", "servingfabric_silo_memory_utilization",
        CertificateExpiry, SecretStoreUnreachable, ProbeRequests,
    ];

    private const string CertificateExpiry = "servingfabric_certificate_not_after_seconds";
    private const string SecretStoreUnreachable = "servingfabric_secret_store_unreachable";

    // Exported once a probe ran (every 10 s by default); Gateway.Tests' ModelProbeTests finds it at a silo probing every 200 ms.
    private const string ProbeRequests = "servingfabric_probe_requests_total";

    [Fact]
    public async Task Metrics_SuccessAndInvalidInput_OutcomeLabelAndLatencyHistogramPerOutcome()
    {
        using (var ok = await _http.PostAsJsonAsync("/v2/models/iris/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new[] { 1f, 2f, 3f, 4f } } },
        }))
        {
            ok.EnsureSuccessStatusCode();
        }

        using (var bad = await _http.PostAsJsonAsync("/v2/models/iris/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 2f, 3f } } },
        }))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        }

        var exported = await ScrapeUntilAsync(["servingfabric_inference_requests_total", "servingfabric_inference_duration_seconds_bucket"]);
        var lines = exported["lines"].Split('\n');

        Assert.Contains(lines, l => l.StartsWith("servingfabric_inference_requests_total{", StringComparison.Ordinal)
            && l.Contains("model=\"iris\"", StringComparison.Ordinal) && l.Contains("outcome=\"success\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("servingfabric_inference_requests_total{", StringComparison.Ordinal)
            && l.Contains("outcome=\"invalid_input\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        // One histogram series per outcome, with the documented buckets up to +Inf holding the one request.
        Assert.Contains(lines, l => l.StartsWith("servingfabric_inference_duration_seconds_bucket{", StringComparison.Ordinal)
            && l.Contains("outcome=\"success\"", StringComparison.Ordinal) && l.Contains("le=\"0.0005\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("servingfabric_inference_duration_seconds_bucket{", StringComparison.Ordinal)
            && l.Contains("outcome=\"success\"", StringComparison.Ordinal) && l.Contains("le=\"+Inf\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("servingfabric_inference_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("outcome=\"invalid_input\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_RouterSupervising_ExportsFleetGaugesAndModelEvents()
    {
        string[] fleet =
        [
            "servingfabric_model_replicas", "servingfabric_model_replicas_min", "servingfabric_model_replicas_desired",
            "servingfabric_model_zones", "servingfabric_model_spread_degraded", "servingfabric_cluster_silos", "servingfabric_model_events_total",
        ];

        static bool HealthyIris(string l) => l.StartsWith("servingfabric_model_replicas{", StringComparison.Ordinal)
            && l.Contains("model=\"iris\"", StringComparison.Ordinal) && l.Contains("health=\"healthy\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal);

        using (var inference = await _http.PostAsJsonAsync("/v2/models/iris/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new[] { 1f, 2f, 3f, 4f } } },
        }))
        {
            inference.EnsureSuccessStatusCode();
        }

        // The first supervisor rounds may still see the replica warming: scrape until a round saw it healthy.
        var exported = await ScrapeUntilAsync(fleet);
        for (var scrape = 0; scrape < 100 && !exported["lines"].Split('\n').Any(HealthyIris); scrape++)
        {
            await Task.Delay(100);
            exported = await ScrapeUntilAsync(fleet);
        }

        var lines = exported["lines"].Split('\n');
        Assert.All(fleet, name => Assert.Contains(name, exported));
        Assert.Contains(lines, HealthyIris);
        var served = NamesAlertsRead.Except([CertificateExpiry, SecretStoreUnreachable, ProbeRequests, ServingFabricMetricNames.Prometheus.AdmissionRefused]);
        Assert.All(served, family => Assert.Contains(lines, l => l.StartsWith($"# TYPE {family}", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("servingfabric_model_replicas_min{", StringComparison.Ordinal) && l.Contains("version=\"1\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("servingfabric_cluster_silos{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("servingfabric_model_events_total{", StringComparison.Ordinal) && l.Contains("kind=\"deployed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Availability_GoodRequestsAndCallerErrors_ModelViewAndMetricsCountOnlyTheValidOnes()
    {
        for (var n = 0; n < 5; n++)
        {
            using var ok = await _http.PostAsJsonAsync("/v2/models/iris/infer", new
            {
                inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new[] { 1f, 2f, 3f, n } } },
            });
            ok.EnsureSuccessStatusCode();
        }

        for (var n = 0; n < 2; n++)
        {
            // The caller's mistake (400) is not a valid request for the SLI: it says nothing of the server.
            using var bad = await _http.PostAsJsonAsync("/v2/models/iris/infer", new
            {
                inputs = new[] { new { name = "input", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 2f, 3f } } },
            });
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        }

        // The fronts flush their counts to the router every second: poll the operator view until they arrived.
        System.Text.Json.JsonElement availability = default;
        for (var poll = 0; poll < 300; poll++)
        {
            using var model = System.Text.Json.JsonDocument.Parse(await _http.GetStringAsync("/v1/models/iris"));
            availability = model.RootElement.GetProperty("availability").Clone();
            if (availability.GetProperty("windows")[0].GetProperty("valid").GetInt64() >= 5)
            {
                Assert.Equal(5, model.RootElement.GetProperty("versions")[0].GetProperty("availability").GetProperty("windows")[3].GetProperty("valid").GetInt64());
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(0.999, availability.GetProperty("objective").GetDouble());
        Assert.Equal(1000, availability.GetProperty("latency_objective_ms").GetDouble());
        Assert.All(availability.GetProperty("windows").EnumerateArray(), window =>
        {
            Assert.Equal((5L, 5L), (window.GetProperty("valid").GetInt64(), window.GetProperty("good").GetInt64()));
            Assert.Equal(1.0, window.GetProperty("sli").GetDouble());
            Assert.Equal(1.0, window.GetProperty("error_budget_remaining").GetDouble());
        });

        string[] gauges = ["servingfabric_model_availability", "servingfabric_model_error_budget_remaining", "servingfabric_model_availability_objective"];
        var exported = await ScrapeUntilAsync(gauges);
        var lines = exported["lines"].Split('\n');
        Assert.Contains(lines, l => l.StartsWith("servingfabric_model_availability{", StringComparison.Ordinal)
            && l.Contains("window=\"30d\"", StringComparison.Ordinal) && !l.Contains("version=", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("servingfabric_model_availability{", StringComparison.Ordinal)
            && l.Contains("version=\"1\"", StringComparison.Ordinal) && l.Contains("window=\"5m\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("servingfabric_model_availability_objective{", StringComparison.Ordinal) && l.EndsWith(" 0.999", StringComparison.Ordinal));
    }

    // Sample names at /metrics (the exporter caches a scrape briefly, so poll until all appear), plus the raw text.
    private async Task<Dictionary<string, string>> ScrapeUntilAsync(IReadOnlyList<string> names)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var text = await _http.GetStringAsync("/metrics");
            var samples = text.Split('\n')
                .Where(line => line.Length > 0 && line[0] != '#')
                .Select(line => line[..line.IndexOfAny(['{', ' '])])
                .Distinct(StringComparer.Ordinal)
                .ToDictionary(name => name, _ => "", StringComparer.Ordinal);
            if (names.All(samples.ContainsKey) || DateTime.UtcNow > deadline)
            {
                samples["lines"] = text;
                return samples;
            }

            await Task.Delay(100);
        }
    }
}
