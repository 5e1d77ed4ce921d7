namespace ServingFabric.Deploy.Tests;

/// <summary>The Key Vault overlays: the CSI driver's SecretProviderClass and volume, direct kv:// references, workload identity.</summary>
public sealed class KeyVaultOverlayTests
{
    private const string Mount = "/var/run/secrets/servingfabric/kv";

    [Fact]
    public void CsiOverlay_SecretProviderClass_AzureProviderWithWorkloadIdentityAndEverySecret()
    {
        var documents = Kustomize.Render("overlays/production-keyvault-csi");
        var provider = Assert.Single(documents, d => d.Kind() == "SecretProviderClass");

        Assert.Equal("secrets-store.csi.x-k8s.io/v1", provider.Text("apiVersion"));
        Assert.Equal("azure", provider.Text("spec", "provider"));
        Assert.Equal("false", provider.Text("spec", "parameters", "usePodIdentity"));
        Assert.All(new[] { "clientID", "keyvaultName", "tenantId" }, p => Assert.False(string.IsNullOrWhiteSpace(provider.Text("spec", "parameters", p))));
        var objects = provider.Text("spec", "parameters", "objects")!;
        Assert.All(new[] { "storage-connection-string", "api-keys", "admin-key", "gateway-tls", "silo-mtls" }, o => Assert.Contains($"objectName: {o}", objects, StringComparison.Ordinal));
    }

    [Fact]
    public void CsiOverlay_EverySilo_MountsTheVolumeReadOnlyAndReadsSecretsFromIt()
    {
        var documents = Kustomize.Render("overlays/production-keyvault-csi");
        var deployments = documents.Where(d => d.Kind() == "Deployment").ToList();

        Assert.Equal(3, deployments.Count);
        foreach (var deployment in deployments)
        {
            var volume = Assert.Single(deployment.PodSpec().Items("volumes"), v => v.Get("csi") is not null);
            Assert.Equal("secrets-store.csi.k8s.io", volume.Text("csi", "driver"));
            Assert.Equal("true", volume.Text("csi", "readOnly"));
            Assert.Equal("servingfabric-keyvault", volume.Text("csi", "volumeAttributes", "secretProviderClass"));
            Assert.DoesNotContain(deployment.PodSpec().Items("volumes"), v => v.Text("name") == "storage-secret");
            var container = Assert.Single(ManifestChecks.Containers(deployment));
            var mount = Assert.Single(container.Items("volumeMounts"), m => m.Text("name") == volume.Text("name"));
            Assert.Equal((Mount, "true"), (mount.Text("mountPath"), mount.Text("readOnly")));
            var env = container.Items("env").ToDictionary(e => e.Text("name")!, e => e.Text("value"));
            Assert.False(env.ContainsKey("ServingFabric__Storage__ConnectionStringFile"));
            Assert.Equal($"file:{Mount}/storage-connection-string", env["ServingFabric__Storage__ConnectionString"]);
            Assert.Equal($"file:{Mount}/api-keys", env["ServingFabric__Gateway__Auth__KeysFile"]);
            Assert.Equal($"file:{Mount}/admin-key", env["ServingFabric__Gateway__AdminApiKey"]);
            Assert.Equal("true", env["ServingFabric__Secrets__RequireReferences"]);
            Assert.Equal("true", deployment.Text("spec", "template", "metadata", "labels", "azure.workload.identity/use"));
            Assert.Equal("false", deployment.PodSpec().Text("automountServiceAccountToken"));
        }
    }

    [Fact]
    public void DirectOverlay_EverySilo_ReferencesTheVaultAndUsesWorkloadIdentity()
    {
        var documents = Kustomize.Render("overlays/production-keyvault-direct");

        var account = Assert.Single(documents, d => d.Kind() == "ServiceAccount");
        Assert.Matches("^[0-9a-f-]{36}$", account.Text("metadata", "annotations", "azure.workload.identity/client-id")!);
        Assert.DoesNotContain(documents, d => d.Kind() == "SecretProviderClass");
        foreach (var deployment in documents.Where(d => d.Kind() == "Deployment"))
        {
            var env = Assert.Single(ManifestChecks.Containers(deployment)).Items("env").ToDictionary(e => e.Text("name")!, e => e.Text("value"));
            Assert.StartsWith("kv://", env["ServingFabric__Storage__ConnectionString"], StringComparison.Ordinal);
            Assert.StartsWith("kv://", env["ServingFabric__Gateway__Auth__KeysFile"], StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(env["ServingFabric__Secrets__ClientId"]));
            Assert.Equal("true", deployment.Text("spec", "template", "metadata", "labels", "azure.workload.identity/use"));
        }
    }
}
