using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Telemetry;

namespace ServingFabric.Hosting;

/// <summary>
/// Carries the resource settings of <c>ServingFabric:Silo</c> (<see cref="ServingFabricSiloOptions"/>) into the runtime's
/// own options, so each setting has one name and one documented default whichever code reads it.
/// </summary>
internal sealed class ConfigureSiloResourceOptions(IConfiguration configuration)
    : IConfigureOptions<ModelHostOptions>, IConfigureOptions<OnnxRuntimeOptions>, IConfigureOptions<SiloResourceMonitorOptions>
{
    public void Configure(ModelHostOptions options) => options.MaxSessions = Silo().MaxModelSessions;

    public void Configure(OnnxRuntimeOptions options) => options.SharedArenaMaxBytes = Silo().OnnxArenaMaxBytes;

    public void Configure(SiloResourceMonitorOptions options) => options.SampleInterval = Silo().ResourceSampleInterval;

    /// <summary><see cref="ServingFabricSiloOptions.MinWorkerThreads"/>, validated.</summary>
    public int MinWorkerThreads => Silo().MinWorkerThreads;

    private ServingFabricSiloOptions Silo()
    {
        var silo = configuration.GetSection(ServingFabricSiloOptions.SectionName).Get<ServingFabricSiloOptions>() ?? new ServingFabricSiloOptions();
        var failures = ServingFabricSiloOptionsValidator.ResourceFailures(silo).ToList();
        return failures.Count == 0
            ? silo
            : throw new OptionsValidationException(nameof(ServingFabricSiloOptions), typeof(ServingFabricSiloOptions), failures);
    }
}
