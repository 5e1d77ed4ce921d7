using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The Grafana dashboards of deploy/monitoring/dashboards: well formed, every panel a query that promtool parses once the
/// template variables are filled in, every metric one a silo exports or a rule records, and the ConfigMap for Grafana's
/// sidecar generated from the same files. The queries run against a real Prometheus in EndToEnd's DashboardQueryTests.
/// </summary>
public sealed class DashboardTests
{
    private static readonly string[] Expected = ["model.json", "overview.json", "silo.json", "slo.json"];

    [Fact]
    public void Dashboards_Each_DatasourceVariableUniqueUidAndPanelsWithTitleAndQuery()
    {
        var dashboards = GrafanaDashboards.Load(RepositoryPaths.Root);

        Assert.Equal(Expected, dashboards.Select(d => d.File));
        Assert.Equal(dashboards.Count, dashboards.Select(d => (string?)d.Json["uid"]).Distinct().Count());
        Assert.All(dashboards, d =>
        {
            Assert.InRange((int)d.Json["schemaVersion"]!, 36, 41);
            Assert.False(string.IsNullOrWhiteSpace((string?)d.Json["title"]), $"{d.File} has no title");
            var datasource = d.Json["templating"]!["list"]!.AsArray().Single(v => (string?)v!["name"] == "datasource")!;
            Assert.Equal(("datasource", "prometheus"), ((string?)datasource["type"], (string?)datasource["query"]));

            var panels = GrafanaDashboards.Panels(d.Json).ToList();
            Assert.NotEmpty(panels);
            Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
            Assert.All(panels, p =>
            {
                var title = (string?)p["title"];
                Assert.False(string.IsNullOrWhiteSpace(title), $"{d.File}: panel {p["id"]} has no title");
                Assert.Equal("${datasource}", (string?)p["datasource"]?["uid"]);
                var targets = p["targets"]?.AsArray() ?? [];
                Assert.True(targets.Count > 0, $"{d.File}: panel '{title}' has no query");
                Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace((string?)t!["expr"]), $"{d.File}: panel '{title}' has an empty query"));
                Assert.All(targets, t => Assert.Equal("${datasource}", (string?)t!["datasource"]?["uid"]));
            });
        });
    }

    [Fact]
    public void PanelQueries_VariablesSubstituted_PromtoolCheckRulesAccepts()
    {
        // promtool has no "check expression": each query becomes a recording rule, which promtool parses in full.
        var queries = GrafanaDashboards.Queries(RepositoryPaths.Root);
        var folder = Directory.CreateTempSubdirectory("sf-dashboards-");
        try
        {
            var rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
            for (var i = 0; i < queries.Count; i++)
            {
                rules.Append(CultureInfo.InvariantCulture, $"      - record: dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(queries[i].Substituted)}\n");
            }

            var file = Path.Combine(folder.FullName, "dashboards.rules.yml");
            File.WriteAllText(file, rules.ToString());
            var (exitCode, output) = Promtool.Run(folder.FullName, "check", "rules", file);

            Assert.True(exitCode == 0, output + "\n" + string.Join("\n", queries.Select((q, i) => $"query_{i}: {q}")));
            Assert.Contains($"SUCCESS: {queries.Count} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void PanelQueries_RecordedNames_AreRulesOfTheRulesFile()
    {
        var records = Yaml.File(Path.Combine(RepositoryPaths.Root, "deploy", "monitoring", "rules", "servingfabric.rules.yml")).Single()
            .Items("groups").SelectMany(g => g.Items("rules")).Select(r => r.Text("record")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var names = GrafanaDashboards.Queries(RepositoryPaths.Root).SelectMany(q => GrafanaDashboards.MetricNames(q.Expr)).ToHashSet(StringComparer.Ordinal);

        Assert.Contains(names, GrafanaDashboards.IsRecorded);
        Assert.All(names.Where(GrafanaDashboards.IsRecorded), name => Assert.Contains(name, records));
    }

    [Fact]
    public void MetricNames_QueryWithFunctionsGroupingAndStrings_OnlyTheSeries()
    {
        var names = GrafanaDashboards.MetricNames(
            "histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{outcome=\"b_c\", model=\"$model\"}[$__rate_interval])))"
            + " / ignoring (version) group_left sum(up) or vector(0) * 1e3 + model:x_y:rate5m offset 1m");

        Assert.Equal(["a_seconds_bucket", "model:x_y:rate5m", "up"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ConfigMap_GeneratedFromTheDashboards_SameJsonAndSidecarLabel()
    {
        var component = Path.Combine(RepositoryPaths.Kubernetes, "components", "monitoring");
        var configMap = Yaml.File(Path.Combine(component, "grafana-dashboards.yaml")).Single();
        var data = (YamlDotNet.RepresentationModel.YamlMappingNode)configMap.Get("data")!;
        const string Fix = "deploy/kubernetes/components/monitoring/grafana-dashboards.yaml differs from deploy/monitoring/dashboards: run bash deploy/monitoring/generate.sh";

        Assert.Equal("ConfigMap", configMap.Kind());
        Assert.Equal("1", configMap.Text("metadata", "labels", "grafana_dashboard"));
        Assert.Contains("grafana-dashboards.yaml", Yaml.File(Path.Combine(component, "kustomization.yaml")).Single().Items("resources").Select(r => ((YamlDotNet.RepresentationModel.YamlScalarNode)r).Value));
        Assert.True(Expected.Select(f => "servingfabric-" + f).SequenceEqual(data.Children.Keys.Select(k => ((YamlDotNet.RepresentationModel.YamlScalarNode)k).Value!).Order(StringComparer.Ordinal)), Fix);
        Assert.All(GrafanaDashboards.Load(RepositoryPaths.Root), d =>
            Assert.True(JsonNode.DeepEquals(d.Json, JsonNode.Parse(configMap.Text("data", "servingfabric-" + d.File)!)), Fix));
    }
}
