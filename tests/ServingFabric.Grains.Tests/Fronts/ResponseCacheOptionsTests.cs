using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using ServingFabric.Runtime.Caching;

namespace ServingFabric.Grains.Tests.Fronts;

public sealed class ResponseCacheOptionsTests
{
    [Fact]
    public void AddServingFabric_CacheSectionBound_ReadsEverySetting()
    {
        using var host = BuildSilo(new() { ["ServingFabric:ResponseCache:Enabled"] = "false", ["ServingFabric:ResponseCache:MaxEntries"] = "5", ["ServingFabric:ResponseCache:MaxBytes"] = "4096" });

        var options = host.Services.GetRequiredService<IOptions<ResponseCacheOptions>>().Value;

        Assert.False(options.Enabled);
        Assert.Equal(5, options.MaxEntries);
        Assert.Equal(4096, options.MaxBytes);
        Assert.False(host.Services.GetRequiredService<ResponseCache>().Enabled);
    }

    [Fact]
    public void AddServingFabric_BoundsTooSmall_FailsNamingEachSetting()
    {
        using var host = BuildSilo(new() { ["ServingFabric:ResponseCache:MaxEntries"] = "0", ["ServingFabric:ResponseCache:MaxBytes"] = "100" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ResponseCacheOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("ServingFabric:ResponseCache:MaxEntries 0 is below 1", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServingFabric:ResponseCache:MaxBytes 100 is below 2048", StringComparison.Ordinal));
    }

    private static IHost BuildSilo(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddServingFabric(configuration));
        return builder.Build();
    }
}
