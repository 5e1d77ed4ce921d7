namespace ServingFabric.Deploy.Tests.Terraform;

/// <summary>
/// deploy/terraform parsed offline (@cdktf/hcl2json under node, pinned in tests/package-lock.json): its structure, and
/// that it agrees with deploy/kubernetes. Each check also runs on a broken copy, which it must report.
/// </summary>
public sealed class TerraformTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "deploy", "terraform");

    private static readonly Lazy<TerraformConfiguration> Real = new(() => TerraformConfiguration.Load(Folder));

    [Fact]
    public void EveryTfFile_Parses()
    {
        var expected = Directory.EnumerateFiles(Folder, "*.tf").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, Real.Value.Files.Order(StringComparer.Ordinal));
        Assert.Contains("aks.tf", Real.Value.Files);
    }

    [Fact]
    public void Pools_SpanZonesOneToThree() => Assert.Empty(TerraformChecks.PoolZones(Real.Value));

    [Fact]
    public void PoolsAndTaints_MatchTheManifests()
    {
        var documents = ManifestFacts.Documents(RepositoryPaths.Kubernetes).ToList();

        Assert.Empty(TerraformChecks.PoolsAndManifests(Real.Value, [.. ManifestFacts.NodeSelections(documents)], [.. ManifestFacts.Tolerations(documents)], ManifestFacts.GpuWorkloads(documents)));
        Assert.Equal("nvidia.com/gpu=present:NoSchedule", Real.Value.ResolveText(Real.Value.Local("gpu_node_taint")));
    }

    [Fact]
    public void WorkloadIdentity_FederatedWithTheSilosServiceAccountAndNamespace()
    {
        var namespaces = ManifestFacts.OverlayNamespaces(RepositoryPaths.Kubernetes);
        var kubernetesNamespace = Assert.Single(namespaces.Values.Distinct());
        var serviceAccount = ManifestFacts.SiloServiceAccount(RepositoryPaths.Kubernetes);
        var federated = Yaml.File(RepositoryPaths.Full("components/workload-identity/serviceaccount.yaml")).Single();

        Assert.Equal(serviceAccount, federated.Name());
        Assert.Empty(TerraformAccessChecks.WorkloadIdentity(Real.Value, kubernetesNamespace!, serviceAccount));
        Assert.Equal($"system:serviceaccount:{kubernetesNamespace}:{serviceAccount}", Real.Value.ResolveText(Real.Value.Local("silo_subject")));
    }

    [Fact]
    public void StorageAndVault_ReachedThroughTheIdentityWithoutSharedKey() => Assert.Empty(TerraformAccessChecks.Access(Real.Value));

    [Fact]
    public void VariablesAndOutputs_DescribedValidatedAndFeedTheManifests() => Assert.Empty(TerraformAccessChecks.VariablesAndOutputs(Real.Value));

    [Fact]
    public void Providers_PinnedAndNoSecretLiteral() => Assert.Empty(TerraformAccessChecks.ProvidersAndSecrets(Real.Value));

    [Theory]
    [InlineData("variables-cluster.tf", "[\"1\", \"2\", \"3\"]", "[\"1\", \"2\"]", "zones are [1, 2]")]
    [InlineData("aks.tf", "    zones                        = var.zones\n", "    zones                        = [\"1\"]\n", "default_node_pool: zones are [1]")]
    [InlineData("locals.tf", "serviceaccount:${var.kubernetes_namespace}", "serviceaccount:default", "subject is 'system:serviceaccount:default:servingfabric-silo'")]
    [InlineData("variables-workload.tf", "default     = \"servingfabric-silo\"", "default     = \"silo\"", "subject is 'system:serviceaccount:servingfabric:silo'")]
    [InlineData("locals.tf", "nvidia.com/gpu=present:NoSchedule", "nvidia.com/gpu=true:NoSchedule", "does not tolerate")]
    [InlineData("locals.tf", "taints     = [local.gpu_node_taint]", "taints     = []", "local.user_node_pools.gpu taints are []")]
    [InlineData("aks.tf", "only_critical_addons_enabled = true", "only_critical_addons_enabled = false", "only_critical_addons_enabled = true")]
    [InlineData("variables-workload.tf", "  default     = false\n}\n\nvariable \"clustering_table_name\"", "  default     = true\n}\n\nvariable \"clustering_table_name\"", "shared_access_key_enabled is True")]
    [InlineData("identity.tf", "\"Key Vault Secrets User\"", "\"Key Vault Reader\"", "no 'Key Vault Secrets User' role assignment")]
    [InlineData("keyvault.tf", "rbac_authorization_enabled = true", "rbac_authorization_enabled = false", "rbac_authorization_enabled = true")]
    [InlineData("variables.tf", "description = \"Azure region", "# description = \"Azure region", "location: every variable needs a type and a description")]
    [InlineData("variables-workload.tf", "    condition     = contains([\"ZRS\"", "    # condition     = contains([\"ZRS\"", "a validation needs a condition")]
    [InlineData("outputs.tf", "output \"key_vault_uri\"", "output \"vault\"", "no output key_vault_uri")]
    [InlineData("versions.tf", "\"~> 4.42\"", "\">= 3.0\"", "pin hashicorp/azurerm to ~> 4.x")]
    [InlineData("variables.tf", "  default     = {}\n", "  default     = { password = \"hunter2hunter2\" }\n", "password is a literal")]
    public void Checks_BrokenCopy_ReportIt(string file, string find, string replace, string expected)
    {
        var copy = Directory.CreateTempSubdirectory("servingfabric-terraform-");
        try
        {
            foreach (var source in Directory.EnumerateFiles(Folder, "*.tf"))
            {
                File.Copy(source, Path.Combine(copy.FullName, Path.GetFileName(source)));
            }

            var path = Path.Combine(copy.FullName, file);
            var text = File.ReadAllText(path);
            Assert.Contains(find, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));

            var problems = AllChecks(TerraformConfiguration.Load(copy.FullName));

            Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public void Checks_ManifestToleratingAnotherValueOrSelectingAnUnknownPool_ReportIt()
    {
        var manifest = Yaml.Documents(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: gpu-silo}
            spec:
              template:
                spec:
                  nodeSelector: {servingfabric.io/pool: gpu-a100}
                  tolerations: [{key: nvidia.com/gpu, operator: Equal, value: "true", effect: NoSchedule}]
                  containers: [{name: silo, resources: {limits: {nvidia.com/gpu: "1"}}}]
            """, "planted").Select(d => ("planted.yaml", d)).ToList();

        var problems = TerraformChecks.PoolsAndManifests(Real.Value, [.. ManifestFacts.NodeSelections(manifest)], [.. ManifestFacts.Tolerations(manifest)], ManifestFacts.GpuWorkloads(manifest)).ToList();

        Assert.Contains(problems, p => p.Contains("selects nodes by servingfabric.io/pool in [gpu-a100]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("toleration of nvidia.com/gpu (Equal true NoSchedule) does not tolerate", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("asks for nvidia.com/gpu but does not tolerate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("nvidia.com/gpu", "Exists", null, "NoSchedule", true)]
    [InlineData("nvidia.com/gpu", "Equal", "present", "NoSchedule", true)]
    [InlineData("nvidia.com/gpu", "Equal", "present", null, true)]
    [InlineData("nvidia.com/gpu", "Equal", "true", "NoSchedule", false)]
    [InlineData("nvidia.com/gpu", "Exists", null, "NoExecute", false)]
    [InlineData(null, "Exists", null, null, true)]
    public void Tolerates_TaintOfTheGpuPool_FollowsKubernetesMatching(string? key, string op, string? value, string? effect, bool expected) =>
        Assert.Equal(expected, TerraformChecks.Tolerates(new("t", key, op, value, effect), "nvidia.com/gpu", "present", "NoSchedule"));

    private static List<string> AllChecks(TerraformConfiguration tf)
    {
        var documents = ManifestFacts.Documents(RepositoryPaths.Kubernetes).ToList();
        var gpuPod = Yaml.Documents("{kind: Deployment, metadata: {name: gpu}, spec: {template: {spec: {tolerations: [{key: nvidia.com/gpu, operator: Equal, value: present, effect: NoSchedule}], containers: [{name: silo}]}}}}", "gpu").Select(d => ("gpu.yaml", d));
        List<string> problems =
        [
            .. TerraformChecks.PoolZones(tf),
            .. TerraformChecks.PoolsAndManifests(tf, [.. ManifestFacts.NodeSelections(documents)], [.. ManifestFacts.Tolerations(documents.Concat(gpuPod))], ManifestFacts.GpuWorkloads(documents)),
            .. TerraformAccessChecks.WorkloadIdentity(tf, "servingfabric", ManifestFacts.SiloServiceAccount(RepositoryPaths.Kubernetes)),
            .. TerraformAccessChecks.Access(tf),
            .. TerraformAccessChecks.VariablesAndOutputs(tf),
            .. TerraformAccessChecks.ProvidersAndSecrets(tf),
        ];
        return problems;
    }
}
