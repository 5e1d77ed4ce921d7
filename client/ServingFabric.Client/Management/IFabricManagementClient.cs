using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Scaling;
using ServingFabric.Contracts.Traffic;
using ServingFabric.Contracts.Versions;

namespace ServingFabric.Client;

/// <summary>
/// The management API (<c>/v1</c>) of a ServingFabric gateway, typed: models, versions, traffic and faults, canary and
/// A/B releases, feedback, scaling, events. Every refusal of the gateway (a bad body, an unknown model, a release
/// already running, a missing admin key) is a <see cref="FabricManagementException"/> with the status and the
/// gateway's message, which names what was wrong and what to do.
/// </summary>
public interface IFabricManagementClient
{
    /// <summary><c>GET /v1/models/{model}</c>: the model's replicas, events, registry, traffic, release and scaling.</summary>
    Task<ModelResponse> GetModelAsync(string model, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/models/{model}</c>: change the default version, the traffic split or mirroring.</summary>
    Task<ModelResponse> UpdateModelAsync(string model, UpdateModelRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/models/{model}/versions</c>: the version registry.</summary>
    Task<VersionListResponse> ListVersionsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/versions</c>: import an artifact (SHA-256 verified) and register it as a version.</summary>
    Task<VersionResponse> RegisterVersionAsync(string model, RegisterVersionRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/versions/{version}/default</c>: make a version the default.</summary>
    Task<VersionListResponse> SetDefaultVersionAsync(string model, string version, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/versions/{version}/retire</c>: retire a version (not the default).</summary>
    Task<VersionListResponse> RetireVersionAsync(string model, string version, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /v1/models/{model}/rollback</c>: abort the release in progress, or, when none is, restore the previous
    /// default version. The result says which happened.
    /// </summary>
    Task<RollbackResult> RollbackAsync(string model, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/models/{model}/versions/{version}/fault</c> (admin only): inject aborts or delays into a version.</summary>
    Task<ModelResponse> SetFaultAsync(string model, string version, FaultInjectionRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/models/{model}/versions/{version}/fault</c> (admin only): stop injecting faults into a version.</summary>
    Task<ModelResponse> ClearFaultAsync(string model, string version, string reason, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/canary</c>: start a canary release.</summary>
    Task<ExperimentResponse> StartCanaryAsync(string model, CanaryRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/experiments</c>: start an A/B test.</summary>
    Task<ExperimentResponse> StartAbTestAsync(string model, AbTestRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/models/{model}/experiment</c>: the running or latest release.</summary>
    Task<ExperimentResponse> GetExperimentAsync(string model, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/promote</c>: promote the release's candidate now.</summary>
    Task<ExperimentResponse> PromoteAsync(string model, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/abort</c>: abort the release; all traffic returns to the control.</summary>
    Task<ExperimentResponse> AbortAsync(string model, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/pause</c>: hold the release's split; no step or decision until resumed.</summary>
    Task<ExperimentResponse> PauseAsync(string model, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/resume</c>: let a paused release go on.</summary>
    Task<ExperimentResponse> ResumeAsync(string model, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/models/{model}/feedback</c>: the reward for a request this gateway answered (A/B metric <c>reward</c>).</summary>
    Task<FeedbackResponse> SendFeedbackAsync(string model, FeedbackRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/models/{model}/scaling</c>: settings, replicas per version and recent decisions.</summary>
    Task<ScalingResponse> GetScalingAsync(string model, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/models/{model}/scaling</c>: change autoscaling and admission settings.</summary>
    Task<ScalingResponse> UpdateScalingAsync(string model, UpdateScalingRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/events?model=&amp;after=</c>: the events of one model (or all when null) after a sequence number.</summary>
    Task<EventsResponse> GetEventsAsync(string? model = null, long after = 0, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/secrets</c>: the secrets the answering silo reads by reference: versions, ages, checks, errors; never values.</summary>
    Task<SecretStatusResponse> GetSecretsAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/audit/secrets?limit=</c>: the answering silo's most recent secret accesses, newest first (1 to 1000).</summary>
    Task<SecretAuditResponse> GetSecretAuditAsync(int limit = 100, CancellationToken cancellationToken = default);
}
