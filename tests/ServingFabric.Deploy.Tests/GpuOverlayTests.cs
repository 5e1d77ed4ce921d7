using ServingFabric.Deploy.Tests.Terraform;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// overlays/production-gpu (production with components/gpu): every silo asks for the GPUs of components/gpu/gpu.env,
/// lands on the Terraform GPU pool by its label and tolerates exactly its taint, runs the GPU image, and is otherwise
/// production's silo; the component composes with production's other variants; the time-slicing example is well formed.
/// </summary>
public sealed class GpuOverlayTests
{
    private const string Overlay = "overlays/production-gpu";
    private const string GpuParameters = "components/gpu/gpu.env";
    private const string GpuResource = "nvidia.com/gpu";

    private static readonly Lazy<TerraformConfiguration> Terraform = new(() => TerraformConfiguration.Load(Path.Combine(RepositoryPaths.Root, "deploy", "terraform")));

    [Fact]
    public void ProductionGpu_EverySilo_RequestsAndLimitsTheGpusOfTheParametersFile()
    {
        var expected = GpusPerSilo(RepositoryPaths.Full(GpuParameters));
        var deployments = Deployments(Kustomize.Render(Overlay));

        Assert.Equal("1", expected);
        Assert.Equal(ProductionParameters.Committed.Zones.Count, deployments.Count);
        Assert.All(deployments, d => Assert.Equal((expected, expected), Gpus(d)));
    }

    [Fact]
    public void ProductionGpu_ParametersFileEdited_EverySiloFollows()
    {
        using var tree = new ManifestTreeCopy();
        tree.Edit(GpuParameters, text => text.Replace("gpus-per-silo=1", "gpus-per-silo=2", StringComparison.Ordinal));

        Assert.All(Deployments(Kustomize.Render(tree.Full(Overlay))), d => Assert.Equal(("2", "2"), Gpus(d)));
    }

    [Fact]
    public void ProductionGpu_EverySilo_ToleratesExactlyTheTerraformGpuPoolsTaint()
    {
        var (key, value, effect) = TerraformChecks.ParseTaint(Terraform.Value.ResolveText(Terraform.Value.Local("gpu_node_taint")));

        foreach (var deployment in Deployments(Kustomize.Render(Overlay)))
        {
            var toleration = Assert.Single(deployment.PodSpec().Items("tolerations"));
            Assert.Equal((key, "Equal", value, effect), (toleration.Text("key"), toleration.Text("operator"), toleration.Text("value"), toleration.Text("effect")));
        }
    }

    [Fact]
    public void ProductionGpu_EverySilo_SelectsTheTerraformGpuPoolsLabels()
    {
        var pool = Terraform.Value.Local("user_node_pools")!.Value.GetProperty("gpu").GetProperty("labels");
        var labels = pool.EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!, StringComparer.Ordinal);

        Assert.Equal("gpu", labels["servingfabric.io/pool"]);
        foreach (var deployment in Deployments(Kustomize.Render(Overlay)))
        {
            var selector = Assert.IsType<YamlMappingNode>(deployment.PodSpec().Get("nodeSelector"));
            Assert.Equal(labels, selector.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!, StringComparer.Ordinal));
        }

        // The inference pool has no taint, so only the selector keeps GPU silos off it; and no CPU silo selects the GPU pool.
        Assert.DoesNotContain(Kustomize.Render("overlays/production"), d => d.PodSpec()?.Get("nodeSelector") is not null);
    }

    [Fact]
    public void ProductionGpu_RunsTheTagDockerfileGpuIsBuiltAs()
    {
        var image = Kustomize.Image(Overlay, "servingfabric/silo");
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "docker", "Dockerfile.gpu"));

        Assert.Equal("servingfabric/silo:latest-gpu", image);
        Assert.Contains($"-t {image} ", dockerfile, StringComparison.Ordinal);
        Assert.All(Deployments(Kustomize.Render(Overlay)), d => Assert.Equal(image, Assert.Single(ManifestChecks.Containers(d)).Text("image")));
    }

    [Fact]
    public void ProductionGpu_WithoutItsGpuAdditions_IsProductionUnchanged()
    {
        // Zone pinning and spread, security contexts, probes, resources, volumes, autoscalers and budgets: all production's.
        var production = Kustomize.Render("overlays/production").Select(Text).ToList();
        var gpu = Kustomize.Render(Overlay).Select(d => Text(WithoutGpuAdditions(d))).ToList();

        Assert.Equal(production, gpu);
    }

    [Fact]
    public void GpuComponent_AddedToProductionKeda_ScaledByKedaOnGpus()
    {
        using var tree = new ManifestTreeCopy();
        tree.Edit("overlays/production-keda/kustomization.yaml", text => text.Replace(
            "  - ../../components/keda-zones\n", "  - ../../components/keda-zones\n  - ../../components/gpu\n", StringComparison.Ordinal));

        var documents = Kustomize.Render(tree.Full("overlays/production-keda"));

        Assert.Equal(ProductionParameters.Committed.Zones.Count, documents.Count(d => d.Kind() == "ScaledObject"));
        Assert.DoesNotContain(documents, d => d.Kind() == "HorizontalPodAutoscaler");
        Assert.All(Deployments(documents), d => Assert.Equal(("1", "1"), Gpus(d)));
        Assert.Empty(KubernetesSchema.Violations(Kustomize.RenderText(tree.Full("overlays/production-keda")), "production-keda with gpu"));
    }

    [Fact]
    public void TimeSlicingExample_SharesEachGpuAndRefusesRequestsAboveOne()
    {
        var map = Assert.Single(Kustomize.Render("nvidia-device-plugin"));
        var config = Yaml.Documents(map.Text("data", "any")!, "time-slicing config").Single();
        var resource = Assert.Single(config.Items("sharing", "timeSlicing", "resources"));

        Assert.Equal(("ConfigMap", "v1"), (map.Kind(), config.Text("version")));
        Assert.Equal(GpuResource, resource.Text("name"));
        Assert.True(int.Parse(resource.Text("replicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        // With time-slicing a pod given two replicas gets no more GPU than with one: such requests must fail, not mislead.
        Assert.Equal("true", config.Text("sharing", "timeSlicing", "failRequestsGreaterThanOne"));
        Assert.Contains("deploy/kubernetes/nvidia-device-plugin", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "README.md")), StringComparison.Ordinal);
    }

    private static List<YamlMappingNode> Deployments(IEnumerable<YamlMappingNode> documents) => [.. documents.Where(d => d.Kind() == "Deployment")];

    private static (string?, string?) Gpus(YamlMappingNode deployment)
    {
        var container = Assert.Single(ManifestChecks.Containers(deployment));
        return (container.Text("resources", "requests", GpuResource), container.Text("resources", "limits", GpuResource));
    }

    private static string GpusPerSilo(string path) =>
        File.ReadLines(path).Select(l => l.Trim()).Single(l => l.StartsWith("gpus-per-silo=", StringComparison.Ordinal))["gpus-per-silo=".Length..];

    // The document with the component's nodeSelector, tolerations, GPU resources and image tag taken out again.
    private static YamlMappingNode WithoutGpuAdditions(YamlMappingNode document)
    {
        if (document.Kind() != "Deployment")
        {
            return document;
        }

        var spec = (YamlMappingNode)document.PodSpec()!;
        spec.Children.Remove(new YamlScalarNode("nodeSelector"));
        spec.Children.Remove(new YamlScalarNode("tolerations"));
        var container = (YamlMappingNode)Assert.Single(ManifestChecks.Containers(document));
        foreach (var list in new[] { "requests", "limits" })
        {
            ((YamlMappingNode)container.Get("resources", list)!).Children.Remove(new YamlScalarNode(GpuResource));
        }

        container.Children[new YamlScalarNode("image")] = new YamlScalarNode("servingfabric/silo:latest");
        return document;
    }

    private static string Text(YamlMappingNode document)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(document)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
