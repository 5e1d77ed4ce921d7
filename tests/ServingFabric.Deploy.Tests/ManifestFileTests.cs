using ServingFabric.Runtime.Telemetry;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>Checks on the manifest files themselves; they need no kubectl.</summary>
public sealed class ManifestFileTests
{
    private static IEnumerable<string> YamlFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.Kubernetes, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    // Files kustomize reads as settings rather than manifests: transformer configurations and replacement lists.
    private static HashSet<string> ConfigurationFiles() =>
        [.. Kustomize.Folders().SelectMany(Kustomize.References).Where(r => r.List is "configurations" or "replacements").Select(r => Path.GetFullPath(Path.Combine(r.Folder, r.Entry)))];

    [Fact]
    public void YamlFiles_Exist()
    {
        Assert.Contains(YamlFiles(), f => f.EndsWith(Path.Combine("base", "silo", "deployment.yaml"), StringComparison.Ordinal));
        Assert.All(RepositoryPaths.Renderable, folder => Assert.True(File.Exists(Path.Combine(RepositoryPaths.Full(folder), Kustomize.FileName)), folder));
    }

    [Fact]
    public void EveryYamlFile_ParsesAndEveryManifestHasApiVersionKindAndName()
    {
        var configurations = ConfigurationFiles();
        var failures = new List<string>();
        foreach (var file in YamlFiles())
        {
            var roots = Yaml.Roots(file);
            Assert.NotEmpty(roots);
            if (Path.GetFileName(file) == Kustomize.FileName || configurations.Contains(file) || roots.All(r => r is YamlSequenceNode))
            {
                // Kustomizations, settings, and JSON patches (a list of operations).
                continue;
            }

            var documents = Yaml.File(file);
            failures.AddRange(documents
                .Where(d => d.Text("apiVersion") is null || d.Kind() == "" || d.Name() == "")
                .Select(_ => $"{file}: a document lacks apiVersion, kind or metadata.name"));
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void EveryKustomizationReference_Exists()
    {
        var missing = Kustomize.Folders()
            .SelectMany(Kustomize.References)
            .Where(r =>
            {
                var path = Path.GetFullPath(Path.Combine(r.Folder, r.Entry));
                return r.List is "resources" or "components"
                    ? !File.Exists(path) && !File.Exists(Path.Combine(path, Kustomize.FileName))
                    : !File.Exists(path);
            })
            .Select(r => $"{r.Folder}/{Kustomize.FileName} {r.List}: {r.Entry} does not exist");

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryManifestFile_IsUsedByAKustomization()
    {
        var used = Kustomize.Folders().SelectMany(Kustomize.References)
            .Select(r => Path.GetFullPath(Path.Combine(r.Folder, r.Entry)))
            .ToHashSet(StringComparer.Ordinal);

        var orphans = YamlFiles().Where(f => Path.GetFileName(f) != Kustomize.FileName && !used.Contains(f));

        Assert.Empty(orphans);
    }

    [Fact]
    public void Base_EveryContainerRequestsAndLimitsCpuAndMemory() => Assert.Empty(ManifestChecks.RequestsAndLimits(BaseResources()));

    [Fact]
    public void Base_ProbesCallGatewayHealthRoutes()
    {
        var documents = BaseResources();

        Assert.Empty(ManifestChecks.Probes(documents, GatewayRoutes.Get));
        var silo = Assert.Single(ManifestChecks.Containers(documents.Single(d => d.Kind() == "Deployment")));
        Assert.Equal("/v2/health/ready", silo.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/v2/health/live", silo.Text("livenessProbe", "httpGet", "path"));
    }

    [Fact]
    public void Base_EnvironmentVariablesBindToSiloOptions() => Assert.Empty(ManifestChecks.Environment(BaseResources()));

    [Fact]
    public void Base_ShutdownFitsTheGracePeriod() => Assert.Empty(ManifestChecks.ShutdownFitsGracePeriod(BaseResources()));

    [Fact]
    public void Base_StorageConnectionStringComesFromASecretFile()
    {
        var deployment = BaseResources().Single(d => d.Kind() == "Deployment");
        var container = Assert.Single(ManifestChecks.Containers(deployment));
        var file = container.Items("env").Single(v => v.Text("name") == "ServingFabric__Storage__ConnectionStringFile").Text("value")!;
        var mount = container.Items("volumeMounts").Single(m => file.StartsWith(m.Text("mountPath")! + "/", StringComparison.Ordinal));
        var volume = deployment.PodSpec().Items("volumes").Single(v => v.Text("name") == mount.Text("name"));

        Assert.Equal("servingfabric-storage", volume.Text("secret", "secretName"));
        Assert.Equal("AzureTable", container.Items("env").Single(v => v.Text("name") == "ServingFabric__Silo__Clustering").Text("value"));
    }

    [Fact]
    public void Hpa_ReadsInFlightPerPodAndCpu()
    {
        var hpa = Yaml.File(RepositoryPaths.Full("base/silo/hpa.yaml")).Single();
        var metrics = hpa.Items("spec", "metrics").ToList();

        Assert.Equal(ServingFabricMetricNames.Prometheus.ReplicaInFlight, metrics.Single(m => m.Text("type") == "Pods").Text("pods", "metric", "name"));
        Assert.Equal("cpu", metrics.Single(m => m.Text("type") == "Resource").Text("resource", "name"));
        Assert.Empty(ManifestChecks.UnknownMetrics(HpaMetricNames(hpa)));
    }

    [Fact]
    public void KedaScaledObject_QueriesOnlyMetricsTheSilosExport()
    {
        var scaledObject = Yaml.File(RepositoryPaths.Full("components/keda/scaledobject/scaledobject.yaml")).Single();
        var query = scaledObject.Items("spec", "triggers").Single(t => t.Text("type") == "prometheus").Text("metadata", "query")!;
        var names = ManifestChecks.MetricIdentifiers(query).ToList();

        Assert.Equal([ServingFabricMetricNames.Prometheus.ReplicaInFlight], names);
        Assert.Empty(ManifestChecks.UnknownMetrics(names));
    }

    [Fact]
    public void AdapterRules_ServeEveryHpaMetricFromAMetricTheSilosExport()
    {
        var rules = AdapterRules();
        var served = rules.Select(r => r.Text("name", "as")!).ToHashSet(StringComparer.Ordinal);
        var sources = rules.SelectMany(r => ManifestChecks.MetricIdentifiers(r.Text("seriesQuery")!)).ToList();
        var hpa = Yaml.File(RepositoryPaths.Full("base/silo/hpa.yaml")).Single();

        Assert.Empty(ManifestChecks.UnknownMetrics(sources));
        Assert.Empty(ManifestChecks.UnknownMetrics(served));
        Assert.All(HpaMetricNames(hpa), name => Assert.Contains(name, served));
    }

    internal static IReadOnlyList<YamlMappingNode> AdapterRules()
    {
        var configMap = Yaml.File(RepositoryPaths.Full("prometheus-adapter/adapter-config.yaml")).Single();
        var config = Yaml.Documents(configMap.Text("data", "config.yaml")!, "adapter config.yaml").Single();
        return [.. config.Items("rules").Cast<YamlMappingNode>()];
    }

    internal static IEnumerable<string> HpaMetricNames(YamlMappingNode hpa) =>
        hpa.Items("spec", "metrics")
            .Select(m => m.Text(m.Text("type") switch { "Pods" => "pods", "Object" => "object", "External" => "external", _ => "-" }, "metric", "name"))
            .OfType<string>();

    private static List<YamlMappingNode> BaseResources() =>
        [.. Kustomize.ResourceFiles(RepositoryPaths.Full("base")).SelectMany(Yaml.File)];
}
