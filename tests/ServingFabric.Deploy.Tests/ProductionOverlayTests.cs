using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The production overlay schedules on a zoned cluster such as AKS: one Deployment per zone named in parameters.env,
/// a zone spread the scheduler enforces, a model volume whose class can bind ReadWriteMany, a replica per zone.
/// </summary>
public sealed class ProductionOverlayTests
{
    private const string ZoneVariable = "ServingFabric__Silo__Zone";

    [Fact]
    public void Production_OneDeploymentPerZone_EachTellsItsSilosTheZoneItIsPinnedTo()
    {
        var deployments = Kustomize.Render("overlays/production").Where(d => d.Kind() == "Deployment").ToList();

        Assert.Equal(ProductionParameters.Committed.Zones, deployments.Select(PinnedZone));
    }

    [Fact]
    public void Production_ParametersFileEdited_EveryZoneAndTheStorageClassFollow()
    {
        using var tree = new ManifestTreeCopy();
        string[] zones = ["eastus2-1", "eastus2-2", "eastus2-3"];
        tree.Edit(ProductionParameters.RelativePath, text => zones.Select((z, i) => (z, i))
            .Aggregate(ProductionParameters.With(text, "models-storage-class", "azurefile-csi-premium"), (t, p) => ProductionParameters.With(t, $"zone-{p.i + 1}", p.z)));

        var documents = Kustomize.Render(tree.Full("overlays/production-keda"));

        Assert.Equal(zones, documents.Where(d => d.Kind() == "Deployment").Select(PinnedZone));
        Assert.Equal("azurefile-csi-premium", documents.Single(d => d.Kind() == "PersistentVolumeClaim").Text("spec", "storageClassName"));
        Assert.Equal(zones.Select(z => $"zone=\"{z}\""), documents.Where(d => d.Kind() == "ScaledObject").Select(ZoneMatcher));
    }

    [Fact]
    public void Production_ZoneSpread_HardAcrossEveryZonesSilosAndSoftPerNode()
    {
        var documents = Kustomize.Render("overlays/production");
        var deployments = documents.Where(d => d.Kind() == "Deployment").ToList();

        foreach (var deployment in deployments)
        {
            var constraints = deployment.PodSpec().Items("topologySpreadConstraints").ToList();
            var zone = Assert.Single(constraints, c => c.Text("topologyKey") == "topology.kubernetes.io/zone");
            Assert.Equal(("DoNotSchedule", "1"), (zone.Text("whenUnsatisfiable"), zone.Text("maxSkew")));
            // Pinned by node affinity, a Deployment alone has one zone: the spread must count every zone and every silo.
            Assert.Equal(("Ignore", "Honor"), (zone.Text("nodeAffinityPolicy"), zone.Text("nodeTaintsPolicy")));
            Assert.All(deployments, d => Assert.True(Labels.Select(zone.Get("labelSelector", "matchLabels"), d), $"{deployment.Name()}'s zone spread does not count {d.Name()}"));
            var node = Assert.Single(constraints, c => c.Text("topologyKey") == "kubernetes.io/hostname");
            Assert.Equal("ScheduleAnyway", node.Text("whenUnsatisfiable"));
        }
    }

    [Fact]
    public void Production_ModelVolume_ReadWriteManyOnTheParametersStorageClass()
    {
        var claim = Kustomize.Render("overlays/production").Single(d => d.Kind() == "PersistentVolumeClaim");

        Assert.Equal(["ReadWriteMany"], claim.Items("spec", "accessModes").Select(m => ((YamlScalarNode)m).Value));
        Assert.Equal(ProductionParameters.Committed.ModelsStorageClass, claim.Text("spec", "storageClassName"));
        Assert.StartsWith("azurefile-csi", ProductionParameters.Committed.ModelsStorageClass, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_DefaultMinReplicas_OnePerZone()
    {
        foreach (var deployment in Kustomize.Render("overlays/production").Where(d => d.Kind() == "Deployment"))
        {
            var value = Assert.Single(ManifestChecks.Containers(deployment)).Items("env").Single(v => v.Text("name") == "ServingFabric__Deployment__DefaultMinReplicas").Text("value");
            Assert.Equal(ProductionParameters.Committed.Zones.Count, int.Parse(value!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Production_PodMonitor_LabelsEverySeriesWithThePodsZone()
    {
        var documents = Kustomize.Render("overlays/production");
        var monitor = Assert.Single(documents, d => d.Kind() == "PodMonitor");
        var relabel = Assert.Single(monitor.Items("spec", "podMetricsEndpoints").Single().Items("relabelings"));

        Assert.Equal("zone", relabel.Text("targetLabel"));
        Assert.Equal(["__meta_kubernetes_pod_label_servingfabric_io_zone"], relabel.Items("sourceLabels").Select(l => ((YamlScalarNode)l).Value));
        Assert.All(documents.Where(d => d.Kind() == "Deployment"), d => Assert.Equal(PinnedZone(d), d.Text("spec", "template", "metadata", "labels", "servingfabric.io/zone")));
    }

    [Fact]
    public void ProductionKeda_OneScaledObjectPerZone_QueryingOnlyThatZone()
    {
        var documents = Kustomize.Render("overlays/production-keda");
        var deployments = documents.Where(d => d.Kind() == "Deployment").ToDictionary(d => d.Name(), PinnedZone);
        var scaledObjects = documents.Where(d => d.Kind() == "ScaledObject").ToList();

        Assert.DoesNotContain(documents, d => d.Kind() == "HorizontalPodAutoscaler");
        Assert.Equal(deployments.Keys, scaledObjects.Select(s => s.Text("spec", "scaleTargetRef", "name")!));
        Assert.All(scaledObjects, s => Assert.Equal($"zone=\"{deployments[s.Text("spec", "scaleTargetRef", "name")!]}\"", ZoneMatcher(s)));
        Assert.All(scaledObjects, s => Assert.Contains("namespace=\"servingfabric\"", Query(s), StringComparison.Ordinal));
    }

    [Fact]
    public void Production_KedaZonesAddedToItsComponents_RendersTheSameScaledObjectsAsProductionKeda()
    {
        using var tree = new ManifestTreeCopy();
        tree.Edit("overlays/production/kustomization.yaml", text => text.Replace(
            "  - ../../components/podmonitor\n", "  - ../../components/podmonitor\n  - ../../components/keda-zones\n", StringComparison.Ordinal));

        var composed = Kustomize.RenderText(tree.Full("overlays/production"));

        Assert.Equal(
            Kustomize.Render("overlays/production-keda").Where(d => d.Kind() == "ScaledObject").Select(Summary),
            Yaml.Documents(composed, "composed").Where(d => d.Kind() == "ScaledObject").Select(Summary));
        Assert.Empty(KubernetesSchema.Violations(composed, "composed"));
    }

    // The zone a Deployment's node affinity pins it to, after checking that its silos are told the same zone.
    private static string PinnedZone(YamlMappingNode deployment)
    {
        var container = Assert.Single(ManifestChecks.Containers(deployment));
        var told = container.Items("env").Single(v => v.Text("name") == ZoneVariable).Text("value")!;
        var term = Assert.Single(deployment.PodSpec().Items("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"));
        var expression = Assert.Single(term.Items("matchExpressions"));
        Assert.Equal(("topology.kubernetes.io/zone", "In"), (expression.Text("key"), expression.Text("operator")));
        Assert.Equal([told], expression.Items("values").Select(v => ((YamlScalarNode)v).Value!));
        return told;
    }

    private static (string, string, string?, string?, string?) Summary(YamlMappingNode scaledObject) =>
        (scaledObject.Name(), Query(scaledObject), scaledObject.Text("spec", "minReplicaCount"), scaledObject.Text("spec", "maxReplicaCount"), scaledObject.Text("metadata", "namespace"));

    private static string Query(YamlMappingNode scaledObject) =>
        scaledObject.Items("spec", "triggers").Single(t => t.Text("type") == "prometheus").Text("metadata", "query")!;

    private static string ZoneMatcher(YamlMappingNode scaledObject) =>
        System.Text.RegularExpressions.Regex.Match(Query(scaledObject), "zone=\"[^\"]*\"").Value;
}
