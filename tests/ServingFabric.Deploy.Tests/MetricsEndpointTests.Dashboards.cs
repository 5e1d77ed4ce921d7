using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Deploy.Tests;

public sealed partial class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_ServingSilo_ExportEveryNameTheDashboardsRead()
    {
        // Every series a dashboard panel or variable reads, but the rules' records and Prometheus' own up, is at /metrics.
        var dashboards = GrafanaDashboards.Load(RepositoryPaths.Root);
        var read = dashboards.SelectMany(d => GrafanaDashboards.Panels(d.Json))
            .SelectMany(p => p["targets"]!.AsArray().SelectMany(t => GrafanaDashboards.MetricNames((string)t!["expr"]!)))
            .Concat(dashboards.SelectMany(d => GrafanaDashboards.VariableMetrics(d.Json)))
            .Where(n => !GrafanaDashboards.IsRecorded(n) && !GrafanaDashboards.IsMadeByPrometheus(n))
            .ToHashSet(StringComparer.Ordinal);
        using (var inference = await _http.PostAsJsonAsync("/v2/models/iris/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new[] { 1f, 2f, 3f, 4f } } },
        }))
        {
            inference.EnsureSuccessStatusCode();
        }

        // The sample iris is not deterministic, so no cache lookup happens: the cache counter is fed directly, like admission above.
        _app.Services.GetRequiredService<ServingFabricMetrics>().RecordCacheLookup("iris", "1", hit: true);
        var exported = await ScrapeUntilAsync([.. read]);

        Assert.Contains("servingfabric_inference_duration_seconds_bucket", read);
        Assert.Contains("dotnet_gc_last_collection_heap_size_bytes", read);
        Assert.All(read, name => Assert.Contains(name, exported));
    }
}
