using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Routing;

// STUB: the replica autoscaler (issue 6) replaces this file.
internal sealed partial class ModelRouterGrain
{
    private int ReplicaCountOf(ModelDeploymentSpec spec, string version) => spec.ReplicasPerVersion;

    private string[] ServingKeys(ModelDeploymentSpec spec, string version) =>
        Enumerable.Range(0, ReplicaCountOf(spec, version)).Select(index => ReplicaKey.Format(spec.Name, version, index)).ToArray();

    private AdmissionLimits? CurrentAdmission(ModelDeploymentSpec spec) => null;

    private ScalingView? CurrentScalingView(ModelDeploymentSpec spec) => null;

    private void IngestScalingOutcomes(OutcomeReport report)
    {
    }

    private Task<bool> EvaluateScalingAsync(ModelDeploymentSpec spec, ClusterView cluster, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<ScalingView> SetScaling(ScalingSettings settings, ChangeAuthor author) => throw new NotSupportedException();

    public Task<ScalingView?> GetScaling() => Task.FromResult<ScalingView?>(null);
}
