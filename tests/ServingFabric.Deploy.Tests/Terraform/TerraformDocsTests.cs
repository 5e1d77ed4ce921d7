using System.Text.RegularExpressions;

namespace ServingFabric.Deploy.Tests.Terraform;

/// <summary>The operator's documents for Terraform say what the configuration has and name settings that exist.</summary>
public sealed partial class TerraformDocsTests
{
    private static readonly string DeployReadme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "README.md"));

    [Fact]
    public void TerraformReadme_EveryOutput_SaysWhereItGoes()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "terraform", "README.md"));
        var outputs = TerraformConfiguration.Load(Path.Combine(RepositoryPaths.Root, "deploy", "terraform")).Outputs().Select(o => o.Name);

        var rows = readme.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.All(outputs, name => Assert.Contains(rows, row => row.Contains($"`{name}`", StringComparison.Ordinal)));
        Assert.All(TerraformAccessChecks.ManifestOutputs, name => Assert.Contains(name, readme, StringComparison.Ordinal));
    }

    [Fact]
    public void DeployReadme_TerraformWalk_FirstStepAndRealSettings()
    {
        var start = DeployReadme.IndexOf("## The Azure resources (Terraform)", StringComparison.Ordinal);
        var walk = DeployReadme[start..DeployReadme.IndexOf("## The silo pod", start, StringComparison.Ordinal)];
        var settings = Setting().Matches(walk).Select(m => m.Value).Distinct().ToList();

        Assert.All(new[] { "terraform init", "terraform validate", "terraform plan", "terraform apply", "https://" }, step => Assert.Contains(step, walk, StringComparison.Ordinal));
        Assert.Contains("ServingFabric__Gateway__Certificate__Path", settings);
        Assert.Contains("ServingFabric__Gateway__Auth__KeysFile", settings);
        Assert.All(settings, s => Assert.Null(s.StartsWith(MutualTls, StringComparison.Ordinal) ? MutualTlsProblem(s) : OptionSections.Check(s, null)));
    }

    // ServingFabric:Silo:Tls binds MutualTlsOptions from an extension class, which OptionSections does not map to it.
    private const string MutualTls = "ServingFabric__Silo__Tls__";

    private static string? MutualTlsProblem(string setting)
    {
        var type = typeof(ServingFabric.Contracts.Security.Tls.MutualTlsOptions);
        foreach (var name in setting[MutualTls.Length..].Split("__"))
        {
            type = type.GetProperty(name)?.PropertyType;
            if (type is null)
            {
                return $"{setting}: MutualTlsOptions has no property path {setting[MutualTls.Length..]}";
            }
        }

        return null;
    }

    [GeneratedRegex(@"ServingFabric__\w+")]
    private static partial Regex Setting();
}
