using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using ServingFabric.Grains.Releases;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>Release defaults bound from <c>ServingFabric:Releases</c> and validated at start.</summary>
public sealed class ReleaseOptionsTests
{
    [Fact]
    public void Bind_ConfiguredSteps_ReplaceTheDefaultSteps()
    {
        var options = Resolve(new()
        {
            ["ServingFabric:Releases:Canary:Steps:0"] = "5",
            ["ServingFabric:Releases:Canary:Steps:1"] = "50",
            ["ServingFabric:Releases:Canary:MinStepDuration"] = "00:05:00",
            ["ServingFabric:Releases:AbTest:TreatmentPercent"] = "20",
        });

        Assert.Equal([5.0, 50.0], options.Canary.Steps);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Canary.MinStepDuration);
        Assert.Equal(20, options.AbTest.TreatmentPercent);
    }

    [Fact]
    public void Bind_NothingConfigured_KeepsTheDocumentedDefaults()
    {
        var options = Resolve([]);

        Assert.Equal([10.0, 25, 50, 100], options.Canary.Steps);
        Assert.Equal((0.95, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30)), (options.SlowQuantile, options.LatencyBaselineWindow, options.CheckpointInterval));
    }

    [Fact]
    public void Validate_StepsOutOfOrderAndBadQuantile_FailsNamingTheSettings()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["ServingFabric:Releases:Canary:Steps:0"] = "50",
            ["ServingFabric:Releases:Canary:Steps:1"] = "20",
            ["ServingFabric:Releases:SlowQuantile"] = "1.5",
        }));

        Assert.Contains("ServingFabric:Releases:Canary", error.Message, StringComparison.Ordinal);
        Assert.Contains("Steps", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:Releases:SlowQuantile", error.Message, StringComparison.Ordinal);
    }

    private static ReleaseOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        new TestSiloBuilder(services, configuration).AddServingFabricReleases(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ReleaseOptions>>().Value;
    }

    private sealed class TestSiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}
