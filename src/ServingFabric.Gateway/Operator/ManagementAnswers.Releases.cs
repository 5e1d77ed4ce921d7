using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Versions;
using ServingFabric.Releases;
using ContractReleaseKind = ServingFabric.Contracts.Releases.ReleaseKind;
using RouterReleaseKind = ServingFabric.Releases.ReleaseKind;

namespace ServingFabric.Gateway.Operator;

internal static partial class ManagementAnswers
{
    /// <summary><c>{"model", "versions": [...]}</c>: the version registry.</summary>
    public static VersionListResponse Versions(string model, IReadOnlyList<ModelVersionInfo> versions) =>
        new(model, [.. versions.Select(v => Version(null, v))]);

    /// <summary>One version; <paramref name="model"/> is null inside a list, whose model it is.</summary>
    public static VersionResponse Version(string? model, ModelVersionInfo version) => new(
        model,
        version.Version,
        Token(version.Lifecycle.ToString()),
        version.IsDefault,
        version.ArtifactLocation,
        version.Sha256,
        version.RegisteredAt,
        version.RegisteredBy,
        Finite(version.TrafficPercent),
        version.Optimization is { } o ? Optimization(o) : null);

    /// <summary>The optimizer's record of a version, as the API shows it.</summary>
    public static VersionOptimizationResponse Optimization(VersionOptimization optimization) => new()
    {
        SourceVersion = optimization.SourceVersion,
        Steps = optimization.Steps,
        Samples = optimization.Samples,
        Top1Agreement = optimization.Top1Agreement,
        SourceAccuracy = optimization.SourceAccuracy,
        Accuracy = optimization.Accuracy,
        MaxAbsError = optimization.MaxAbsError,
        MinCosineSimilarity = optimization.MinCosineSimilarity,
        SourceBytes = optimization.SourceBytes,
        Bytes = optimization.Bytes,
        Report = optimization.Report,
    };

    /// <summary>The API's optimization record as the router keeps it.</summary>
    public static VersionOptimization Optimization(VersionOptimizationResponse optimization) => new(
        optimization.SourceVersion, optimization.Steps, optimization.Samples, optimization.Top1Agreement, optimization.SourceAccuracy,
        optimization.Accuracy, optimization.MaxAbsError, optimization.MinCosineSimilarity, optimization.SourceBytes, optimization.Bytes,
        optimization.Report);

    /// <summary>The answer of <c>POST /v1/models/{name}/rollback</c> when no release runs: the default version went back.</summary>
    public static DefaultRollbackResponse DefaultRollback(string model, string defaultVersion, IReadOnlyList<ModelVersionInfo> versions) =>
        new(model, DefaultRollbackResponse.DefaultRolledBack, defaultVersion, [.. versions.Select(v => Version(null, v))]);

    /// <summary>A canary or A/B test in full: arms, tests with always-valid intervals and p-values, decision, history.</summary>
    public static ExperimentResponse Experiment(string model, ExperimentView experiment) => new(
        model,
        experiment.Id,
        Kind(experiment.Kind),
        Token(experiment.Status),
        ReleaseStatuses.IsActive(experiment.Status),
        experiment.Control,
        experiment.Candidate,
        Finite(experiment.CandidatePercent),
        Token(experiment.Decision),
        experiment.Reason,
        experiment.StepIndex,
        experiment.Steps,
        experiment.StartedAt,
        experiment.StepStartedAt,
        [.. experiment.Arms.Select(arm => Arm(arm, experiment))],
        [.. experiment.Tests.Select(t => new StatisticalTestResponse(t.Name, Finite(t.Estimate), Finite(t.Lower), Finite(t.Upper), Finite(t.PValue), Finite(t.Alpha), t.Rejected))],
        [.. experiment.History.Select(h => new ReleaseHistoryResponse(h.At, Token(h.Action), Finite(h.CandidatePercent), h.Reason))]);

    /// <summary>Where a feedback reward went.</summary>
    public static FeedbackResponse Feedback(string model, FeedbackReceipt receipt) =>
        new(model, receipt.RequestId, receipt.Version, receipt.ExperimentId);

    private static ExperimentSummaryResponse ExperimentSummary(ExperimentView experiment) => new(
        experiment.Id,
        Kind(experiment.Kind),
        Token(experiment.Status),
        ReleaseStatuses.IsActive(experiment.Status),
        experiment.Control,
        experiment.Candidate,
        Finite(experiment.CandidatePercent),
        Token(experiment.Decision),
        experiment.Reason);

    private static ArmResponse Arm(ArmView arm, ExperimentView experiment)
    {
        var share = arm.Version == experiment.Candidate ? experiment.CandidatePercent
            : arm.Version == experiment.Control ? 100 - experiment.CandidatePercent
            : double.NaN;
        return new ArmResponse(
            arm.Role,
            arm.Version,
            Finite(share),
            arm.Requests,
            arm.Errors,
            Finite(arm.ErrorRate),
            arm.SlowRequests,
            Finite(arm.GeometricMeanLatencyMs),
            arm.Rewards,
            arm.Rewards == 0 ? null : Finite(arm.MeanReward));
    }

    private static ContractReleaseKind Kind(RouterReleaseKind kind) => kind == RouterReleaseKind.AbTest ? ContractReleaseKind.AbTest : ContractReleaseKind.Canary;
}
