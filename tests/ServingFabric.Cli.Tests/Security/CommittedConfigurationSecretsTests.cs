namespace ServingFabric.Cli.Tests.Security;

/// <summary>
/// No committed configuration holds a key, token, password or private key; and the scan that says so catches each
/// kind of secret planted in its own fixture folder (fake values), which the real scan skips.
/// </summary>
public sealed class CommittedConfigurationSecretsTests
{
    private const string PlantedFolder = "tests/ServingFabric.Cli.Tests/Security/Planted/";

    [Fact]
    public void Scan_CommittedConfiguration_HoldsNoSecrets()
    {
        var root = CommittedSecretScanner.RepositoryRoot();
        var files = CommittedSecretScanner.CommittedFiles(root)
            .Where(f => !f.StartsWith(PlantedFolder, StringComparison.Ordinal) && CommittedSecretScanner.IsConfiguration(f))
            .ToList();

        var findings = files
            .Where(f => File.Exists(Path.Combine(root, f)))
            .SelectMany(f => CommittedSecretScanner.Scan(f, File.ReadAllText(Path.Combine(root, f))))
            .ToList();

        // The scan must have looked at something: the silo's appsettings.json and the Kubernetes manifests at least.
        Assert.Contains("silo/ServingFabric.Silo/appsettings.json", files);
        Assert.Contains("deploy/kubernetes/base/silo/deployment.yaml", files);
        Assert.True(findings.Count == 0,
            "Committed configuration holds secrets; move each to a mounted file (AdminApiKeyFile, the keys file, ApiKeyFile), an environment " +
            "variable set at deploy time, or a secret store, and leave a placeholder such as ${VAR} or <your key>:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void Scan_PlantedAppSettings_FlagsEachSecret()
    {
        var findings = ScanPlanted("appsettings.Planted.json");

        Assert.Equal(
            [
                (4, "secret setting AdminApiKey"),
                (7, "fabric API key (sf_...)"),
                (10, "storage AccountKey"),
                (12, "JWT"),
                (13, "secret setting Password"),
                (14, "PEM private key"),
            ],
            findings.Select(f => (f.Line, f.Rule)));
    }

    [Fact]
    public void Scan_PlantedManifest_FlagsCommandLineAndEnvironmentSecrets()
    {
        var findings = ScanPlanted("deployment.planted.yaml");

        Assert.Equal(
            [
                (12, "secret setting ServingFabric:Gateway:AdminApiKey"),
                (15, "secret setting SERVINGFABRIC__GATEWAY__ADMINAPIKEY"),
            ],
            findings.Select(f => (f.Line, f.Rule)));
    }

    [Theory]
    [InlineData("services.AddFabricManagementClient(o => o.ApiKey = key);", false)]
    [InlineData("o.ApiKey = \"0382ad591339ccfc844e90088a77bd5f\";", true)]
    [InlineData("dotnet silo.dll --ServingFabric:Gateway:AdminApiKey=0382ad591339ccfc844e90088a77bd5f", true)]
    [InlineData("export FABRIC_API_KEY=0382ad591339ccfc844e90088a77bd5f", true)]
    [InlineData("export FABRIC_API_KEY=...     # or --api-key on each command", false)]
    public void Scan_ReadmeCode_FlagsLiteralsNotVariables(string line, bool flagged)
    {
        Assert.Equal(flagged, CommittedSecretScanner.Scan("README.md", line).Count == 1);
    }

    [Fact]
    public void Scan_Placeholders_FlagsNothing()
    {
        Assert.Empty(ScanPlanted("appsettings.Placeholders.json"));
    }

    [Fact]
    public void Scan_Finding_NeverShowsTheWholeSecret()
    {
        const string password = "Tr0ub4dor-planted-3";

        var finding = Assert.Single(CommittedSecretScanner.Scan("x.json", $$"""{ "Password": "{{password}}" }"""));

        Assert.Equal("x.json:1: secret setting Password (Tr0ub4... 19 characters)", finding.ToString());
        Assert.DoesNotContain(password, finding.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo/ServingFabric.Silo/appsettings.Development.json", true)]
    [InlineData("deploy/kubernetes/base/silo/deployment.yaml", true)]
    [InlineData("deploy/README.md", true)]
    [InlineData("README.md", true)]
    [InlineData("samples/iris/config.yaml", true)]
    [InlineData("infra/main.tf", true)]
    [InlineData(".env", true)]
    [InlineData("tests/ServingFabric.Gateway.Tests/Auth/ApiKeyTests.cs", false)]
    [InlineData("perf/package-lock.json", false)]
    [InlineData("src/ServingFabric.Samples/SampleModels.cs", false)]
    public void IsConfiguration_Path_CoversConfigurationNotCode(string path, bool covered)
    {
        Assert.Equal(covered, CommittedSecretScanner.IsConfiguration(path));
    }

    private static IReadOnlyList<SecretFinding> ScanPlanted(string name)
    {
        var path = Path.Combine(CommittedSecretScanner.RepositoryRoot(), PlantedFolder, name);
        return CommittedSecretScanner.Scan(name, File.ReadAllText(path));
    }
}
