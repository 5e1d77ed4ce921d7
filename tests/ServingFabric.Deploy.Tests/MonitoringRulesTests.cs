using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The alerting and recording rules of deploy/monitoring: valid and unit-tested by Prometheus' promtool, every alert
/// described, with a runbook section and a firing and a quiet test case, and the PrometheusRule generated from them.
/// </summary>
public sealed partial class MonitoringRulesTests
{
    private static readonly string Monitoring = Path.Combine(RepositoryPaths.Root, "deploy", "monitoring");
    private static readonly string RulesFile = Path.Combine(Monitoring, "rules", "servingfabric.rules.yml");
    private static readonly string TestsFile = Path.Combine(Monitoring, "tests", "servingfabric.rules.test.yml");

    [Fact]
    public void CheckRules_RulesFile_PromtoolAccepts()
    {
        var (exitCode, output) = Promtool.Run(Monitoring, "check", "rules", RulesFile);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TestRules_EveryAlertCase_PromtoolPasses()
    {
        var (exitCode, output) = Promtool.Run(Path.GetDirectoryName(TestsFile)!, "test", "rules", TestsFile);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Alerts_Each_HaveSeverityAnnotationsRunbookAndFiringAndQuietTests()
    {
        var readme = File.ReadAllText(Path.Combine(Monitoring, "README.md"));
        var tests = Yaml.File(TestsFile).Single().Items("tests").SelectMany(t => t.Items("alert_rule_test")).ToList();
        var alerts = Alerts().ToList();

        Assert.True(alerts.Count >= 15, $"only {alerts.Count} alerts");
        Assert.All(alerts, alert =>
        {
            var name = alert.Text("alert")!;
            Assert.Contains(alert.Text("labels", "severity"), new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace(alert.Text("annotations", "summary")), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(alert.Text("annotations", "description")), $"{name} has no description");
            Assert.Equal($"deploy/monitoring/README.md#{name.ToLowerInvariant()}", alert.Text("annotations", "runbook"));
            Assert.Contains($"### {name}\n", readme, StringComparison.Ordinal);

            var cases = tests.Where(t => t.Text("alertname") == name).ToList();
            Assert.Contains(cases, t => t.Items("exp_alerts").Any());
            Assert.Contains(cases, t => t.Get("exp_alerts") is YamlSequenceNode { Children.Count: 0 });
        });
    }

    [Fact]
    public void PrometheusRule_GeneratedFromTheRulesFile_SameGroups()
    {
        var rule = Yaml.File(Path.Combine(RepositoryPaths.Kubernetes, "components", "monitoring", "prometheusrule.yaml")).Single();

        Assert.Equal("PrometheusRule", rule.Kind());
        Assert.Equal("monitoring.coreos.com/v1", rule.Text("apiVersion"));
        Assert.True(
            Canonical(Yaml.File(RulesFile).Single().Get("groups")) == Canonical(rule.Get("spec", "groups")),
            "deploy/kubernetes/components/monitoring/prometheusrule.yaml differs from the rules file: run bash deploy/monitoring/generate.sh");
    }

    [Fact]
    public void Rules_MetricNames_AreWhatSilosExport()
    {
        // Every fabric series the rules read is one MetricsEndpointTests finds at a live /metrics (recorded series excluded).
        var text = File.ReadAllText(RulesFile);
        var names = MetricName().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(MetricsEndpointTests.NamesAlertsRead.ToHashSet(StringComparer.Ordinal), names.Select(Family).ToHashSet(StringComparer.Ordinal));
    }

    private static IEnumerable<YamlMappingNode> Alerts() =>
        Yaml.File(RulesFile).Single().Items("groups").SelectMany(g => g.Items("rules")).OfType<YamlMappingNode>().Where(r => r.Text("alert") is not null);

    // A histogram's series share its family name.
    private static string Family(string name) => Regex.Replace(name, "_(bucket|count|sum)$", "");

    private static string Canonical(YamlNode? node) => JsonSerializer.Serialize(ToPlain(node));

    private static object? ToPlain(YamlNode? node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ToPlain(c.Value)),
        YamlSequenceNode list => list.Children.Select(ToPlain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    [GeneratedRegex(@"(?<![\w:])servingfabric_[a-z_]+")]
    private static partial Regex MetricName();
}
