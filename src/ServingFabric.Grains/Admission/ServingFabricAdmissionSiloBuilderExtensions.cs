using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServingFabric.Grains.Admission;

namespace Orleans.Hosting;

/// <summary>Adds the silo-wide admission gates that fronts apply when a model's routing table carries admission limits.</summary>
public static class ServingFabricAdmissionSiloBuilderExtensions
{
    /// <summary>
    /// Registers one gate registry per silo (every front activation shares it). Models without limits pass no gate.
    /// Needs <see cref="TimeProvider"/> and <c>ServingFabricMetrics</c>, which <c>AddServingFabric</c> registers.
    /// </summary>
    public static ISiloBuilder AddServingFabricAdmission(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<AdmissionGates>();
        return builder;
    }
}
