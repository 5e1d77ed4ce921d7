using System.Text.Json.Serialization;
using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Json;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Scaling;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Contracts.Traffic;
using ServingFabric.Contracts.Versions;

namespace ServingFabric.Contracts;

/// <summary>
/// The management API's JSON, generated at compile time: snake_case names, every response field written (JSON null for
/// an undefined value, never left out), nullable annotations respected, no property accepted twice, and every number finite. Request records
/// refuse unknown fields themselves (<see cref="JsonUnmappedMemberHandling.Disallow"/>); responses do not, so an older
/// client still reads the answers of a newer gateway.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    MaxDepth = 32,
    Converters = new[] { typeof(FiniteDoubleConverter) })]
[JsonSerializable(typeof(ModelResponse))]
[JsonSerializable(typeof(ServingFabric.Contracts.Gpus.GpusResponse))]
[JsonSerializable(typeof(UpdateModelRequest))]
[JsonSerializable(typeof(VersionListResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(OptimizeVersionRequest))]
[JsonSerializable(typeof(OptimizeVersionResponse))]
[JsonSerializable(typeof(RegisterVersionRequest))]
[JsonSerializable(typeof(DefaultRollbackResponse))]
[JsonSerializable(typeof(ReasonRequest))]
[JsonSerializable(typeof(FaultInjectionRequest))]
[JsonSerializable(typeof(CanaryRequest))]
[JsonSerializable(typeof(AbTestRequest))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(FeedbackResponse))]
[JsonSerializable(typeof(ScalingResponse))]
[JsonSerializable(typeof(UpdateScalingRequest))]
[JsonSerializable(typeof(EventsResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(SecretStatusResponse))]
[JsonSerializable(typeof(SecretAuditResponse))]
public sealed partial class ManagementJsonContext : JsonSerializerContext;
