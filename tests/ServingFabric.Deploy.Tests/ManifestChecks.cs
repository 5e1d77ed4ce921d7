using System.Globalization;
using System.Text.RegularExpressions;
using ServingFabric.Runtime.Telemetry;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The rules every deployment must keep, as functions from manifests to the list of what breaks them (empty when
/// kept), so a failing test names each offending resource. They run on the raw base and on every rendered overlay.
/// </summary>
internal static partial class ManifestChecks
{
    private static readonly string[] ResourceNames = ["cpu", "memory"];

    public static IEnumerable<YamlMappingNode> Containers(YamlMappingNode workload) =>
        workload.PodSpec().Items("containers").Concat(workload.PodSpec().Items("initContainers")).Cast<YamlMappingNode>();

    /// <summary>Every container requests and limits CPU and memory, and no limit is below its request.</summary>
    public static IEnumerable<string> RequestsAndLimits(IEnumerable<YamlMappingNode> documents)
    {
        foreach (var workload in documents.Where(d => d.PodSpec() is not null))
        {
            foreach (var container in Containers(workload))
            {
                var where = $"{workload.Kind()} {workload.Name()} container {container.Text("name")}";
                foreach (var resource in ResourceNames)
                {
                    var request = container.Text("resources", "requests", resource);
                    var limit = container.Text("resources", "limits", resource);
                    if (request is null || limit is null)
                    {
                        yield return $"{where} has no {resource} {(request is null ? "request" : "limit")}";
                    }
                    else if (Quantity(limit) < Quantity(request))
                    {
                        yield return $"{where}: {resource} limit {limit} is below its request {request}";
                    }
                }
            }
        }
    }

    /// <summary>Probes call GET routes the gateway serves, on the container port the gateway listens on.</summary>
    public static IEnumerable<string> Probes(IEnumerable<YamlMappingNode> documents, IReadOnlySet<string> routes)
    {
        foreach (var workload in documents.Where(d => d.PodSpec() is not null))
        {
            foreach (var container in Containers(workload))
            {
                var where = $"{workload.Kind()} {workload.Name()} container {container.Text("name")}";
                var gatewayPort = GatewayPort(container);
                foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
                {
                    if (container.Get(probe) is null)
                    {
                        if (probe != "startupProbe")
                        {
                            yield return $"{where} has no {probe}";
                        }

                        continue;
                    }

                    var path = container.Text(probe, "httpGet", "path");
                    if (path is null || !routes.Contains(path))
                    {
                        yield return $"{where} {probe} calls '{path}', which is not a GET route of the gateway ({string.Join(", ", routes.Where(r => r.Contains("health", StringComparison.Ordinal)))})";
                    }

                    var port = PortNumber(container, container.Text(probe, "httpGet", "port"));
                    if (port != gatewayPort)
                    {
                        yield return $"{where} {probe} calls port {port?.ToString(CultureInfo.InvariantCulture) ?? "?"} but the gateway listens on {gatewayPort?.ToString(CultureInfo.InvariantCulture) ?? "?"} (ServingFabric__Gateway__Url)";
                    }
                }
            }
        }
    }

    /// <summary>Every ServingFabric environment variable binds to a real option property with a value of its type.</summary>
    public static IEnumerable<string> Environment(IEnumerable<YamlMappingNode> documents)
    {
        foreach (var workload in documents.Where(d => d.PodSpec() is not null))
        {
            foreach (var container in Containers(workload))
            {
                foreach (var variable in container.Items("env"))
                {
                    var name = variable.Text("name")!;
                    if (!name.Contains("__", StringComparison.Ordinal))
                    {
                        // Plain variables only feed $(NAME) expansions; they must be used by one.
                        if (!container.Items("env").Any(v => v.Text("value")?.Contains($"$({name})", StringComparison.Ordinal) == true))
                        {
                            yield return $"{workload.Name()}: {name} is neither a setting (Section__Key) nor used by one";
                        }

                        continue;
                    }

                    if (OptionSections.Check(name, variable.Get("valueFrom") is null ? variable.Text("value") ?? "" : null) is { } failure)
                    {
                        yield return $"{workload.Name()}: {failure}";
                    }
                }
            }
        }
    }

    /// <summary>The silo's shutdown watchdog ends the process this long after ShutdownTimeout (ShutdownWatchdog.Margin).</summary>
    public static readonly TimeSpan ShutdownWatchdogMargin = TimeSpan.FromSeconds(5);

    /// <summary>SIGTERM's drain and shutdown fit in the grace period: grace > ShutdownTimeout + watchdog margin, ShutdownTimeout > DrainDelay.</summary>
    public static IEnumerable<string> ShutdownFitsGracePeriod(IEnumerable<YamlMappingNode> documents)
    {
        foreach (var workload in documents.Where(d => d.PodSpec() is not null))
        {
            var grace = TimeSpan.FromSeconds(int.Parse(workload.PodSpec().Text("terminationGracePeriodSeconds") ?? "30", CultureInfo.InvariantCulture));
            foreach (var container in Containers(workload))
            {
                var shutdown = EnvTime(container, "ServingFabric__Silo__ShutdownTimeout") ?? TimeSpan.FromSeconds(60);
                var drain = EnvTime(container, "ServingFabric__Gateway__DrainDelay") ?? TimeSpan.Zero;
                if (grace <= shutdown + ShutdownWatchdogMargin)
                {
                    yield return $"{workload.Name()}: terminationGracePeriodSeconds ({grace.TotalSeconds}) must exceed ShutdownTimeout ({shutdown}) plus the watchdog's {ShutdownWatchdogMargin.TotalSeconds} s, or the kubelet kills the silo mid-shutdown without its log saying what hung";
                }

                if (shutdown <= drain)
                {
                    yield return $"{workload.Name()}: ShutdownTimeout ({shutdown}) must exceed DrainDelay ({drain}), which it includes";
                }
            }
        }
    }

    /// <summary>Metric identifiers (servingfabric_...) in a PromQL query or a metric name.</summary>
    public static IEnumerable<string> MetricIdentifiers(string text) => MetricIdentifier().Matches(text).Select(m => m.Value);

    /// <summary>Names an autoscaler reads that the silos do not export (per <see cref="ServingFabricMetricNames.Prometheus"/>).</summary>
    public static IEnumerable<string> UnknownMetrics(IEnumerable<string> names) =>
        names.Where(n => !ServingFabricMetricNames.Prometheus.All.Contains(n));

    private static int? GatewayPort(YamlMappingNode container)
    {
        var url = container.Items("env").FirstOrDefault(v => v.Text("name") == "ServingFabric__Gateway__Url")?.Text("value");
        return url is null ? null : new Uri(url.Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
    }

    private static int? PortNumber(YamlMappingNode container, string? port)
    {
        if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var named = container.Items("ports").FirstOrDefault(p => p.Text("name") == port)?.Text("containerPort");
        return named is null ? null : int.Parse(named, CultureInfo.InvariantCulture);
    }

    private static TimeSpan? EnvTime(YamlMappingNode container, string name) =>
        container.Items("env").FirstOrDefault(v => v.Text("name") == name)?.Text("value") is { } value
            ? TimeSpan.Parse(value, CultureInfo.InvariantCulture)
            : null;

    // Kubernetes quantities as numbers: "500m" CPU, "2" cores, "1Gi", "512Mi", "1G".
    private static decimal Quantity(string text)
    {
        (string Suffix, decimal Factor)[] suffixes =
        [
            ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
            ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m), ("m", 0.001m),
        ];
        foreach (var (suffix, factor) in suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return decimal.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
            }
        }

        return decimal.Parse(text, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("servingfabric_[a-z0-9_]+")]
    private static partial Regex MetricIdentifier();
}
