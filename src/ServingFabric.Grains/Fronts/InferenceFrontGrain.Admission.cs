using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

// STUB: admission control (issue 6) replaces this file.
internal sealed partial class InferenceFrontGrain
{
    private ValueTask<IDisposable?> AdmitAsync(RoutingTable table, VersionRoute route, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDisposable?>(null);
}
