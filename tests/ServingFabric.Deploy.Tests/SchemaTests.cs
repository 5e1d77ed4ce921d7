namespace ServingFabric.Deploy.Tests;

/// <summary>Every rendered object fits its typed schema (KubernetesClient's models, or <see cref="CustomResources"/>), and a planted typo fails.</summary>
public sealed class SchemaTests
{
    [Theory]
    [MemberData(nameof(RenderedOverlayTests.Renderable), MemberType = typeof(RenderedOverlayTests))]
    public void Render_EveryObject_DeserializesStrictlyIntoItsTypedModel(string folder) =>
        Assert.Empty(KubernetesSchema.Violations(Kustomize.RenderText(folder), folder));

    [Theory]
    [InlineData("base/silo/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true", "readOnlyRootFileSystem")]
    [InlineData("base/silo/deployment.yaml", "terminationGracePeriodSeconds: 90", "terminationGracePeriod: 90", "terminationGracePeriod")]
    [InlineData("components/keda/scaledobject/scaledobject.yaml", "cooldownPeriod: 300", "cooldownPeriods: 300", "cooldownPeriods")]
    public void Render_MisspelledFieldPlantedInACopy_IsReported(string file, string field, string misspelled, string reported)
    {
        using var tree = new ManifestTreeCopy();
        tree.Edit(file, text => text.Contains(field, StringComparison.Ordinal) ? text.Replace(field, misspelled, StringComparison.Ordinal) : throw new InvalidOperationException($"{file} no longer has '{field}'"));

        var violations = KubernetesSchema.Violations(Kustomize.RenderText(tree.Full("overlays/keda")), "planted").ToList();

        var violation = Assert.Single(violations);
        Assert.Contains(reported, violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n", "example.com/v1/Widget w")]
    [InlineData("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabel: {a: b}\n", "matchLabel")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: eighty\n", "v1/Service s")]
    public void Violations_UnknownKindFieldOrWrongType_AreReported(string yaml, string reported)
    {
        var violations = KubernetesSchema.Violations(yaml + "---\n" + Valid, "inline").ToList();

        Assert.Contains(reported, Assert.Single(violations), StringComparison.Ordinal);
    }

    private const string Valid = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ok\n";
}
