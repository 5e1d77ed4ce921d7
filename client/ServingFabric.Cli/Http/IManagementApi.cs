using System.Text.Json;

namespace ServingFabric.Cli;

/// <summary>
/// The one seam between fabric's commands and the gateway's management API (<c>/v1</c>), implemented over the SDK's
/// typed client (<see cref="TypedManagementApi"/>). Answers are JSON documents in the contracts' wire shape: views
/// read them and <c>--output json</c> prints them.
/// </summary>
internal interface IManagementApi
{
    Task<JsonDocument> GetModelAsync(string model, CancellationToken cancellationToken);

    Task<JsonDocument> ListEventsAsync(string? model, long after, CancellationToken cancellationToken);

    Task<JsonDocument> ListVersionsAsync(string model, CancellationToken cancellationToken);

    Task<JsonDocument> GetExperimentAsync(string model, CancellationToken cancellationToken);

    Task<JsonDocument> GetScalingAsync(string model, CancellationToken cancellationToken);

    Task<JsonDocument> GetSecretsAsync(CancellationToken cancellationToken);

    Task<JsonDocument> GetSecretAuditAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Sends a change (its method, path and body) and answers what the gateway answered.</summary>
    Task<JsonDocument> ChangeAsync(ChangeCommand change, CancellationToken cancellationToken);
}
