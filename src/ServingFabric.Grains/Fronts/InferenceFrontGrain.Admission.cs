using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Grains.Admission;
using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>Admission control: the silo's gate for the version, when the routing table carries limits.</summary>
internal sealed partial class InferenceFrontGrain
{
    private AdmissionGates? _admissionGates;
    private long _admissionRevision = -1;

    // Without limits this completes synchronously with no allocation: models that set none pay nothing.
    private async ValueTask<IDisposable?> AdmitAsync(RoutingTable table, VersionRoute route, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (table.Admission is not { } limits)
        {
            return null;
        }

        var gates = _admissionGates ??= ServiceProvider.GetRequiredService<AdmissionGates>();
        if (table.Revision != _admissionRevision)
        {
            gates.Retain(table.ModelName, [.. table.Versions.Select(v => v.Version)]);
            _admissionRevision = table.Revision;
        }

        return await gates.For(table.ModelName, route.Version, limits, table.Revision).EnterAsync(deadline, cancellationToken);
    }
}
