using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>Each overlay as kubectl renders it (patches applied), checked by the same rules as the base.</summary>
public sealed class RenderedOverlayTests
{
    public static TheoryData<string> Renderable => [.. RepositoryPaths.Renderable];

    public static TheoryData<string> Overlays => [.. RepositoryPaths.Overlays];

    [Theory]
    [MemberData(nameof(Renderable))]
    public void Render_EveryKustomization_RendersResources(string folder) => Assert.NotEmpty(Kustomize.Render(folder));

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_KeepsResourcesProbesSettingsAndShutdownRules(string overlay)
    {
        var documents = Kustomize.Render(overlay);

        Assert.Empty(ManifestChecks.RequestsAndLimits(documents));
        Assert.Empty(ManifestChecks.Probes(documents, GatewayRoutes.Get));
        Assert.Empty(ManifestChecks.Environment(documents));
        Assert.Empty(ManifestChecks.ShutdownFitsGracePeriod(documents));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EverySilo_RunsLockedDownTheImageTheOverlayNames(string overlay)
    {
        var documents = Kustomize.Render(overlay);
        var image = Kustomize.Image(overlay, "servingfabric/silo") ?? throw new InvalidOperationException($"{overlay} names no image for servingfabric/silo in images:");

        Assert.Empty(ManifestChecks.LockedDown(documents));
        var containers = documents.Where(d => d.PodSpec() is not null).SelectMany(ManifestChecks.Containers).ToList();
        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal((image, "IfNotPresent"), (c.Text("image"), c.Text("imagePullPolicy"))));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_AutoscaledDeployments_HaveNoReplicasAndEveryObjectIsInTheNamespace(string overlay)
    {
        var documents = Kustomize.Render(overlay);

        Assert.Empty(ManifestChecks.ReplicasLeftToAutoscalers(documents));
        Assert.Empty(ManifestChecks.InNamespace(documents, "servingfabric"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryDeploymentHasOneAutoscalerOnExportedMetrics(string overlay)
    {
        var documents = Kustomize.Render(overlay);
        var deployments = documents.Where(d => d.Kind() == "Deployment").Select(d => d.Name()).ToList();
        var autoscalers = documents.Where(d => d.Kind() is "HorizontalPodAutoscaler" or "ScaledObject").ToList();
        var served = ManifestFileTests.AdapterRules().Select(r => r.Text("name", "as")!).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(deployments);
        Assert.Equal(deployments.Order(StringComparer.Ordinal), autoscalers.Select(a => a.Text("spec", "scaleTargetRef", "name")!).Order(StringComparer.Ordinal));
        foreach (var autoscaler in autoscalers)
        {
            var names = autoscaler.Kind() == "ScaledObject"
                ? autoscaler.Items("spec", "triggers").SelectMany(t => ManifestChecks.MetricIdentifiers(t.Text("metadata", "query") ?? "")).ToList()
                : ManifestFileTests.HpaMetricNames(autoscaler).ToList();
            Assert.NotEmpty(names);
            Assert.Empty(ManifestChecks.UnknownMetrics(names));
            if (autoscaler.Kind() == "HorizontalPodAutoscaler")
            {
                Assert.All(names, name => Assert.Contains(name, served));
            }

            var min = int.Parse(autoscaler.Text("spec", autoscaler.Kind() == "ScaledObject" ? "minReplicaCount" : "minReplicas")!, System.Globalization.CultureInfo.InvariantCulture);
            var max = int.Parse(autoscaler.Text("spec", autoscaler.Kind() == "ScaledObject" ? "maxReplicaCount" : "maxReplicas")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(min, 1, max);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryDeploymentHasADisruptionBudgetSelectingOnlyItsPods(string overlay)
    {
        var documents = Kustomize.Render(overlay);
        var deployments = documents.Where(d => d.Kind() == "Deployment").ToList();
        var budgets = documents.Where(d => d.Kind() == "PodDisruptionBudget").ToList();

        foreach (var deployment in deployments)
        {
            var selecting = budgets.Where(b => Labels.Select(b.Get("spec", "selector", "matchLabels"), deployment)).ToList();
            Assert.True(selecting.Count == 1, $"{overlay}: {deployment.Name()} is selected by {selecting.Count} disruption budgets");
            Assert.Single(deployments, d => Labels.Select(selecting[0].Get("spec", "selector", "matchLabels"), d));
        }

        var service = documents.Single(d => d.Kind() == "Service");
        Assert.All(deployments, d => Assert.True(Labels.Select(service.Get("spec", "selector"), d), $"the Service does not reach {d.Name()}"));
    }

    [Fact]
    public void ZoneFromNodeLabelComponent_ReadsTheZoneThroughTheDownwardApi()
    {
        var folder = Directory.CreateTempSubdirectory("sf-deploy-");
        try
        {
            // kustomize takes only relative paths to other kustomizations.
            File.WriteAllText(Path.Combine(folder.FullName, Kustomize.FileName), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - {Path.GetRelativePath(folder.FullName, RepositoryPaths.Full("base"))}
                components:
                  - {Path.GetRelativePath(folder.FullName, RepositoryPaths.Full("components/zone-from-node-label"))}
                """);
            var deployment = Kustomize.Render(folder.FullName).Single(d => d.Kind() == "Deployment");

            var zone = Assert.Single(ManifestChecks.Containers(deployment)).Items("env").Single(v => v.Text("name") == "ServingFabric__Silo__Zone");
            Assert.Null(zone.Get("value"));
            Assert.Equal("metadata.labels['topology.kubernetes.io/zone']", zone.Text("valueFrom", "fieldRef", "fieldPath"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
