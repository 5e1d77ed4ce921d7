using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Compliance.Evidence;

/// <summary>What the running fabric answered over HTTP with the auditor's credentials.</summary>
/// <param name="Url">The gateway asked.</param>
/// <param name="Liveness"><c>GET /v2/health/live</c>.</param>
/// <param name="Readiness"><c>GET /v2/health/ready</c>.</param>
/// <param name="Models">Every model of the repository index, as <c>GET /v1/models/{name}</c> showed it.</param>
/// <param name="ModelMetadata">Each model's <c>GET /v2/models/{name}</c> (platform, inputs), by model.</param>
/// <param name="Releases">Each model's running or latest release (<c>GET /v1/models/{name}/experiment</c>), by model; models without one are absent.</param>
/// <param name="Events"><c>GET /v1/events</c>: every model's event log.</param>
/// <param name="Secrets"><c>GET /v1/secrets</c>.</param>
/// <param name="SecretAudit"><c>GET /v1/audit/secrets</c>.</param>
/// <param name="Metrics"><c>GET /metrics</c>, parsed.</param>
/// <param name="AnonymousAccess">What the gateway answered to calls without credentials.</param>
/// <param name="Tls">The TLS handshake with the gateway.</param>
public sealed record FabricEvidence(
    Uri Url,
    Sourced<HttpObservation> Liveness,
    Sourced<HttpObservation> Readiness,
    Sourced<IReadOnlyList<ModelResponse>> Models,
    Sourced<IReadOnlyDictionary<string, ModelMetadata>> ModelMetadata,
    Sourced<IReadOnlyDictionary<string, ExperimentResponse>> Releases,
    Sourced<IReadOnlyList<EventResponse>> Events,
    Sourced<SecretStatusResponse> Secrets,
    Sourced<SecretAuditResponse> SecretAudit,
    Sourced<MetricsSnapshot> Metrics,
    Sourced<IReadOnlyList<HttpObservation>> AnonymousAccess,
    Sourced<TlsObservation> Tls);

/// <summary>One HTTP call and its answer (status and at most the first 500 characters of the body).</summary>
public sealed record HttpObservation(string Request, int Status, string Body);

/// <summary>The parts of a model's Open Inference Protocol metadata the checks judge.</summary>
/// <param name="Platform">The platform, such as <c>onnxruntime_onnx</c>.</param>
/// <param name="Versions">Its versions.</param>
/// <param name="Inputs">Its inputs: name, datatype and shape (-1 for a variable dimension).</param>
public sealed record ModelMetadata(string Name, string Platform, IReadOnlyList<string> Versions, IReadOnlyList<TensorMetadata> Inputs);

/// <summary>One input or output of a model.</summary>
public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary>The gateway's TLS handshake: protocol, certificate subject and expiry, and whether its chain validates.</summary>
/// <param name="ValidationErrors">The chain's validation errors as .NET names them (<c>None</c> when the certificate validates for the host).</param>
public sealed record TlsObservation(string Protocol, string Subject, DateTimeOffset NotAfter, string ValidationErrors);
