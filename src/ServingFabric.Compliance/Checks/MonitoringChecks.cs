using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Checks;

/// <summary>MON-1 .. MON-5: resource metrics, request rate and latency, error rates, dashboards, alerts.</summary>
internal static class MonitoringChecks
{
    private const string Area = "Monitoring and alerting";
    private const string Metrics = "/metrics readable with the metrics scope";

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("MON-1", Area, "CPU, memory and GPU usage tracked", e => Exported(e, "CPU and memory usage tracked per silo (GPU: see GPU-2)",
            "servingfabric_silo_cpu_utilization", "servingfabric_silo_memory_utilization", "servingfabric_silo_memory_working_set_bytes")),
        new("MON-2", Area, "Request rate and latency measured", e => Exported(e, "request counts and the latency histogram exported per model and version",
            "servingfabric_inference_requests_total", "servingfabric_inference_duration_seconds_bucket")),
        new("MON-3", Area, "Error rates measured", ErrorRates),
        new("MON-4", Area, "Metrics visualized in dashboards", Dashboards),
        new("MON-5", Area, "Alerts configured for anomalies", Alerts),
    ];

    internal static Verdict Exported(EvidenceSet e, string passSummary, params string[] names)
    {
        if (!e.Fabric.Metrics.IsAvailable)
        {
            return Missing.Source(e.Fabric.Metrics, Metrics);
        }

        var metrics = e.Fabric.Metrics.Value;
        var absent = names.Where(n => !metrics.Named(n).Any()).ToList();
        var lines = names.Select(n => $"{n}: {metrics.Named(n).Count()} series at /metrics").ToList();
        if (absent.Count == names.Length && names[0] == "servingfabric_inference_requests_total")
        {
            // The request instruments appear with the first request: an idle silo cannot show them, which is no defect.
            return Verdict.NotEvidenced($"no request has been counted yet ({string.Join(", ", absent)} absent)", "traffic or the load drill (--drills load)", lines);
        }

        return Verdict.PassIf(absent.Count == 0, passSummary, $"not exported: {string.Join(", ", absent)}", lines);
    }

    internal static Verdict ErrorRates(EvidenceSet e)
    {
        if (!e.Fabric.Metrics.IsAvailable)
        {
            return Missing.Source(e.Fabric.Metrics, Metrics);
        }

        var requests = e.Fabric.Metrics.Value.Named("servingfabric_inference_requests_total").ToList();
        if (requests.Count == 0)
        {
            return Verdict.NotEvidenced("no request has been counted yet", "traffic or the load drill (--drills load)");
        }

        var outcomes = requests.Where(r => r.Labels.ContainsKey("outcome")).GroupBy(r => r.Labels["outcome"]).Select(g => $"outcome {g.Key}: {g.Sum(r => r.Value):0}").ToList();
        return Verdict.PassIf(outcomes.Count > 0, $"requests are counted by outcome, so error ratios are measured ({string.Join(", ", outcomes)})",
            "servingfabric_inference_requests_total has no outcome label: errors cannot be told from successes", outcomes);
    }

    internal static Verdict Dashboards(EvidenceSet e)
    {
        if (!e.Deployment.Dashboards.IsAvailable)
        {
            return Missing.Source(e.Deployment.Dashboards, "deploy/monitoring/dashboards (--deploy deploy/)");
        }

        var dashboards = e.Deployment.Dashboards.Value;
        return Verdict.PassIf(dashboards.Count > 0 && dashboards.All(d => d.Panels > 0), $"{dashboards.Count} Grafana dashboards with {dashboards.Sum(d => d.Panels)} panels",
            dashboards.Count == 0 ? "no dashboard" : "a dashboard has no panel", dashboards.Select(d => $"{d.File}: \"{d.Title}\", {d.Panels} panels"));
    }

    internal static Verdict Alerts(EvidenceSet e)
    {
        if (!e.Deployment.AlertRules.IsAvailable)
        {
            return Missing.Source(e.Deployment.AlertRules, "deploy/monitoring/rules (--deploy deploy/)");
        }

        var rules = e.Deployment.AlertRules.Value;
        var lines = rules.Select(r => $"{r.File}: alert {r.Name}").ToList();
        if (rules.Count == 0)
        {
            return Verdict.Fail("no alerting rule in the deployment files", lines);
        }

        if (e.Prometheus.LoadedAlertRules.Value is { } loaded)
        {
            var notLoaded = rules.Select(r => r.Name).Distinct().Where(n => !loaded.Contains(n)).ToList();
            lines.Add($"Prometheus has {loaded.Count} alerting rules loaded");
            return Verdict.PassIf(notLoaded.Count == 0, $"{rules.Select(r => r.Name).Distinct().Count()} alert rules defined and loaded in Prometheus",
                $"alert rules not loaded in Prometheus: {string.Join(", ", notLoaded)}", lines);
        }

        lines.Add(e.Prometheus.LoadedAlertRules.Missing ?? "");
        return Verdict.Pass($"{rules.Select(r => r.Name).Distinct().Count()} alert rules defined (not confirmed loaded: no Prometheus given)", lines);
    }
}
