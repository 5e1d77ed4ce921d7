namespace ServingFabric.EndToEnd.Tests;

/// <summary>Bad cluster settings stop the silo at start with a message that names the setting and the fix.</summary>
public sealed class ClusteringConfigurationTests
{
    [Theory]
    [InlineData("--ServingFabric:Silo:Clustering=AzureTable", "ServingFabric:Storage:ConnectionString")]
    [InlineData("--ServingFabric:Silo:Clustering=Consul", "ServingFabric:Silo:Clustering 'Consul' is not supported")]
    [InlineData("--ServingFabric:Silo:Roles=gateway,gpu", "ServingFabric:Silo:Roles 'gateway,gpu'")]
    [InlineData("--ServingFabric:Silo:AdvertisedAddress=pod-a", "ServingFabric:Silo:AdvertisedAddress 'pod-a' is not an IP address")]
    public async Task Start_InvalidClusterSetting_ExitsNamingTheSetting(string argument, string expected)
    {
        await using var silo = SiloProcess.Start(argument, "--ServingFabric:ModelRepository:SeedSampleModel=false");

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, silo.Output, StringComparison.Ordinal);
    }
}
