using System.Collections.Concurrent;
using ServingFabric.Grains.Admission;
using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// Admission control for the silo's fronts and edge: the silo's gate for the version, when the routing table carries
/// limits. Keeps the silo's gates to the versions the table routes, once per model and revision. Thread-safe.
/// </summary>
internal sealed class FrontAdmission(AdmissionGates gates)
{
    private readonly ConcurrentDictionary<string, long> _retained = new(StringComparer.Ordinal);

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

        if (!_retained.TryGetValue(table.ModelName, out var retained) || retained != table.Revision)
        {
            gates.Retain(table.ModelName, [.. table.Versions.Select(v => v.Version)]);
            _retained[table.ModelName] = table.Revision;
        }

        return await gates.For(table.ModelName, version, limits, table.Revision).EnterAsync(deadline, cancellationToken);
    }
}
