using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The silo's edge runs a request through <see cref="FrontRequests"/> itself, with the route a front activation of this
/// silo published (<see cref="EdgeAnswers.TryGetRoute"/>), when that route is fresh and names the request's version
/// with its metadata; otherwise the front grain runs it, and in doing so refreshes the route. The request is counted,
/// validated, cached, admitted, routed and retried exactly as the front grain does it, since it is the same code.
/// Off with <see cref="InferenceFrontOptions.EdgeRunsRequests"/>. Thread-safe.
/// </summary>
internal sealed class EdgeFronts(IOptions<InferenceFrontOptions> options, EdgeAnswers routes, FrontRequests requests, TimeProvider time) : IEdgeFronts
{
    private readonly bool _enabled = options.Value.EdgeRunsRequests;

    public bool TryInfer(InferenceRequest request, string caller, CancellationToken cancellationToken, [NotNullWhen(true)] out Task<InferenceResponse>? response)
    {
        ArgumentNullException.ThrowIfNull(request);
        response = null;
        var started = time.GetTimestamp();
        if (!_enabled || string.IsNullOrEmpty(caller) || caller.Length > FrontOutcomes.MaxCallerLength
            || !routes.TryGetRoute(request.ModelName, started, out var route))
        {
            return false;
        }

        var version = string.IsNullOrEmpty(request.ModelVersion) ? route.Table.DefaultVersion : request.ModelVersion;
        if (!route.Metadata.ContainsKey(version) || VersionChooser.Find(route.Table, version) is null)
        {
            return false;
        }

        response = requests.InferAsync(route.Table.ModelName, request, caller, started, route, cancellationToken);
        return true;
    }
}
