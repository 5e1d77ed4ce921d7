using ServingFabric.Grains.Admission;
using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// Admission control for one front activation: the silo's gate for the version (shared by every activation), when
/// the routing table carries limits. Keeps the silo's gates to the versions the table routes, once per revision.
/// </summary>
internal sealed class FrontAdmission(AdmissionGates gates)
{
    private long _revision = -1;

    /// <summary>
    /// A slot of the version's gate, to dispose when the request ends; null when the table sets no limits. Without
    /// limits this completes synchronously with no allocation: models that set none pay nothing.
    /// </summary>
    public async ValueTask<IDisposable?> AdmitAsync(RoutingTable table, string version, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (table.Admission is not { } limits)
        {
            return null;
        }

        if (table.Revision != _revision)
        {
            gates.Retain(table.ModelName, [.. table.Versions.Select(v => v.Version)]);
            _revision = table.Revision;
        }

        return await gates.For(table.ModelName, version, limits, table.Revision).EnterAsync(deadline, cancellationToken);
    }
}
