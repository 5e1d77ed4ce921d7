using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Scaling;

/// <summary>
/// <c>GET /v1/models/{name}/scaling</c> (and the answer of <c>PUT</c>): settings, replicas per version and recent
/// decisions with their inputs. Inside <c>GET /v1/models/{name}</c> (<c>scaling</c>) the model is left out.
/// </summary>
/// <param name="Model">The model, when the scaling stands alone; otherwise null and not written.</param>
/// <param name="Settings">The autoscaling and admission settings.</param>
/// <param name="ReplicasByVersion">Replicas kept per version, by version name.</param>
/// <param name="ServingByVersion">Replicas ready to serve per version, by version name.</param>
/// <param name="RecentDecisions">The latest scaling decisions, oldest first.</param>
public sealed record ScalingResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model,
    ScalingSettingsResponse Settings,
    IReadOnlyDictionary<string, int> ReplicasByVersion,
    IReadOnlyDictionary<string, int> ServingByVersion,
    IReadOnlyList<ScalingDecisionResponse> RecentDecisions);
