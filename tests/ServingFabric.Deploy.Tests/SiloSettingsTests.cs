using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Hosting.Secrets;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Hosting;
using Orleans.Runtime;
using ServingFabric.Grains.Deployment;
using ServingFabric.Hosting;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Telemetry;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The resource settings reach the runtime (<c>ServingFabric:Silo:MaxModelSessions</c>, <c>OnnxArenaMaxBytes</c>,
/// <c>ResourceSampleInterval</c>), bad values stop the silo naming the setting, and every overlay's silo settings pass
/// the silo's own validation.
/// </summary>
public sealed class SiloSettingsTests
{
    [Fact]
    public void AddServingFabric_ResourceSettings_ReachTheModelHostEngineAndMonitor()
    {
        using var host = BuildSilo(new()
        {
            ["ServingFabric:Silo:MaxModelSessions"] = "3",
            ["ServingFabric:Silo:OnnxArenaMaxBytes"] = "268435456",
            ["ServingFabric:Silo:ResourceSampleInterval"] = "00:00:02",
        });

        Assert.Equal(3, host.Services.GetRequiredService<ModelHost>().MaxSessions);
        Assert.Equal(268435456, host.Services.GetRequiredService<IOptions<OnnxRuntimeOptions>>().Value.SharedArenaMaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(2), host.Services.GetRequiredService<IOptions<SiloResourceMonitorOptions>>().Value.SampleInterval);
        Assert.True(host.Services.GetRequiredService<SiloResourceMonitor>().Current.MemoryLimitBytes > 0);
    }

    [Fact]
    public void AddServingFabric_NoResourceSettings_DocumentedDefaults()
    {
        using var host = BuildSilo([]);

        Assert.Equal(ModelHostOptions.DefaultMaxSessions, host.Services.GetRequiredService<ModelHost>().MaxSessions);
        Assert.Equal(0, host.Services.GetRequiredService<IOptions<OnnxRuntimeOptions>>().Value.SharedArenaMaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptions<SiloResourceMonitorOptions>>().Value.SampleInterval);
    }

    [Fact]
    public void AddServingFabric_BadResourceSettings_FailNamingEachSetting()
    {
        using var host = BuildSilo(new()
        {
            ["ServingFabric:Silo:MaxModelSessions"] = "-1",
            ["ServingFabric:Silo:OnnxArenaMaxBytes"] = "8589934592",
            ["ServingFabric:Silo:ResourceSampleInterval"] = "00:00:00",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ModelHostOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("ServingFabric:Silo:MaxModelSessions is -1;", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServingFabric:Silo:OnnxArenaMaxBytes is 8589934592;", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServingFabric:Silo:ResourceSampleInterval is 00:00:00;", StringComparison.Ordinal));
    }

    [Fact]
    public void AddServingFabric_MinWorkerThreads_ReachesTheThreadPoolFloor()
    {
        using var configured = BuildSilo(new() { ["ServingFabric:Silo:MinWorkerThreads"] = "6" });
        using var defaults = BuildSilo([]);

        Assert.Equal(6, Floor(configured).MinWorkerThreads);
        Assert.Equal(4, Floor(defaults).MinWorkerThreads);
    }

    [Fact]
    public void AddServingFabric_NegativeMinWorkerThreads_StopsTheSiloNamingTheSetting()
    {
        using var host = BuildSilo(new() { ["ServingFabric:Silo:MinWorkerThreads"] = "-1" });

        var error = Assert.Throws<OptionsValidationException>(() => Floor(host));

        Assert.Contains(error.Failures, f => f.StartsWith("ServingFabric:Silo:MinWorkerThreads is -1;", StringComparison.Ordinal));
    }

    [Fact]
    public void ThreadPoolFloor_Apply_RaisesButNeverLowersTheMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        try
        {
            var raised = new ThreadPoolFloor(workers + 2, NullLogger<ThreadPoolFloor>.Instance).Apply();
            ThreadPool.GetMinThreads(out var afterRaise, out _);
            var kept = new ThreadPoolFloor(1, NullLogger<ThreadPoolFloor>.Instance).Apply();
            ThreadPool.GetMinThreads(out var afterLower, out _);

            Assert.Equal(workers + 2, raised);
            Assert.Equal(workers + 2, afterRaise);
            Assert.Equal(workers + 2, kept);
            Assert.Equal(workers + 2, afterLower);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }
    }

    private static ThreadPoolFloor Floor(IHost host) =>
        host.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<ThreadPoolFloor>().Single();

    [Theory]
    [MemberData(nameof(RenderedOverlayTests.Overlays), MemberType = typeof(RenderedOverlayTests))]
    public void Overlay_SiloSettings_PassTheSilosOwnValidationAndReachTheRuntime(string overlay)
    {
        var secret = Path.GetTempFileName();
        try
        {
            File.WriteAllText(secret, "UseDevelopmentStorage=true");
            foreach (var deployment in Kustomize.Render(overlay).Where(d => d.Kind() == "Deployment"))
            {
                var settings = Settings(Assert.Single(ManifestChecks.Containers(deployment)), secret);

                // Composing the silo validates the cluster settings at once; building it binds the rest.
                using var host = BuildSilo(settings, clustering: true);

                Assert.Equal(int.Parse(settings["ServingFabric:Silo:MaxModelSessions"]!, CultureInfo.InvariantCulture), host.Services.GetRequiredService<ModelHost>().MaxSessions);
                Assert.Equal(long.Parse(settings["ServingFabric:Silo:OnnxArenaMaxBytes"]!, CultureInfo.InvariantCulture), host.Services.GetRequiredService<IOptions<OnnxRuntimeOptions>>().Value.SharedArenaMaxBytes);
                if (settings.TryGetValue("ServingFabric:Deployment:DefaultMinReplicas", out var minReplicas))
                {
                    Assert.Equal(int.Parse(minReplicas!, CultureInfo.InvariantCulture), host.Services.GetRequiredService<IOptions<ModelDeploymentOptions>>().Value.DefaultMinReplicas);
                }
            }
        }
        finally
        {
            File.Delete(secret);
        }
    }

    // The container's literal settings as configuration; the pod IP and the mounted secret stand in for the kubelet's.
    private static Dictionary<string, string?> Settings(YamlMappingNode container, string secretFile)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var variable in container.Items("env").Where(v => v.Text("name")!.Contains("__", StringComparison.Ordinal) && v.Get("valueFrom") is null))
        {
            settings[variable.Text("name")!.Replace("__", ":", StringComparison.Ordinal)] = variable.Text("value")!.Replace("$(POD_IP)", "10.1.2.3", StringComparison.Ordinal);
        }

        // A secret reference (the CSI volume's file or a vault's secret) stands in as a file holding a usable value.
        var folder = Path.GetDirectoryName(secretFile)!;
        foreach (var (key, value) in settings.Where(p => SecretReference.LooksLikeReference(p.Value)).ToList())
        {
            var standIn = Path.Combine(folder, Path.GetFileName(secretFile) + "-" + key.Replace(':', '-'));
            File.WriteAllText(standIn, StandInFor(key));
            settings[key] = "file:" + standIn;
        }

        if (!settings.ContainsKey("ServingFabric:Storage:ConnectionString"))
        {
            settings["ServingFabric:Storage:ConnectionStringFile"] = secretFile;
        }

        return settings;
    }

    private static string StandInFor(string key) => key switch
    {
        "ServingFabric:Storage:ConnectionString" => "UseDevelopmentStorage=true",
        "ServingFabric:Gateway:Auth:KeysFile" => """{"keys": []}""",
        _ => "stand-in-secret-0123456789abcdef",
    };

    private static IHost BuildSilo(Dictionary<string, string?> settings, bool clustering = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddServingFabricSecrets(configuration);
        builder.UseOrleans(silo =>
        {
            if (clustering)
            {
                silo.AddServingFabricClustering(configuration);
            }
            else
            {
                silo.UseLocalhostClustering();
            }

            silo.AddServingFabric(configuration);
        });
        return builder.Build();
    }
}
