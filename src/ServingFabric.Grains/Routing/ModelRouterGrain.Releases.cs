using ServingFabric.Releases;

namespace ServingFabric.Grains.Routing;

// STUB: canary and A/B controllers (issue 4) replace this file.
internal sealed partial class ModelRouterGrain
{
    private TrafficPolicy? CurrentTrafficPolicy() => null;

    private ExperimentView? CurrentExperimentView() => null;

    private void IngestReleaseOutcomes(OutcomeReport report)
    {
    }

    private Task<bool> EvaluateReleaseAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<ExperimentView> StartCanary(CanaryRequest request, ChangeAuthor author) => throw new NotSupportedException();

    public Task<ExperimentView> StartAbTest(AbTestRequest request, ChangeAuthor author) => throw new NotSupportedException();

    public Task<ExperimentView> PromoteRelease(ChangeAuthor author) => throw new NotSupportedException();

    public Task<ExperimentView> AbortRelease(ChangeAuthor author) => throw new NotSupportedException();

    public Task<ExperimentView> PauseRelease(ChangeAuthor author) => throw new NotSupportedException();

    public Task<ExperimentView> ResumeRelease(ChangeAuthor author) => throw new NotSupportedException();

    public Task<ExperimentView?> GetExperiment() => Task.FromResult<ExperimentView?>(null);
}
