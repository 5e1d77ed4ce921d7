using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security;
using ServingFabric.Deployment;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Memory;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Health;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol.Grpc;
using ServingFabric.Tensors;
using ServingFabric.Telemetry;

namespace ServingFabric.Gateway.Grpc;

/// <summary>
/// KServe V2's <c>inference.GRPCInferenceService</c> with Triton's repository RPCs: a thin adapter over what the REST
/// routes call (readiness, the catalog, the fronts, the deployer), with the same scopes, bounds and errors. The
/// caller's gRPC deadline becomes the request's deadline, cut to <see cref="GatewayOptions.MaxRequestTimeout"/>.
/// </summary>
internal sealed partial class GrpcInferenceService(
    IGrainFactory grains,
    IKnownModels knownModels,
    FrontGrains fronts,
    IModelDeployer deployer,
    IPodReadiness pod,
    RoutingReadiness routing,
    ReadinessLog readinessLog,
    GrpcScopes scopes,
    RequestMemoryBudget budget,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<GrpcInferenceService> logger) : GRPCInferenceService.GRPCInferenceServiceBase
{
    [AllowAnonymous]
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    /// <summary>Pod readiness as <c>/v2/health/ready</c> sees it; not ready is an answer (ready=false), not an error.</summary>
    [AllowAnonymous]
    public override async Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context)
    {
        var failure = await ServerEndpoints.CheckReadinessAsync(grains, pod, routing, readinessLog, options.Value, context.CancellationToken);
        return new ServerReadyResponse { Ready = failure is null };
    }

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var response = new ServerMetadataResponse { Name = ServerEndpoints.Name, Version = ServerEndpoints.Version };
        response.Extensions.Add(ServerEndpoints.Extensions);
        return Task.FromResult(response);
    }

    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        var (name, version) = (GrpcNames.Model(request.Name, "name"), GrpcNames.Version(request.Version, "version"));
        scopes.Require(context, FabricScopes.Inference, name);
        var readiness = await ModelEndpoints.GetReadinessAsync(knownModels, grains, name, version, context.CancellationToken);
        return new ModelReadyResponse { Ready = readiness.Ready };
    }

    public override async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var (name, version) = (GrpcNames.Model(request.Name, "name"), GrpcNames.Version(request.Version, "version"));
        scopes.Require(context, FabricScopes.Inference, name);
        var (metadata, versions) = await ModelEndpoints.GetMetadataAsync(knownModels, grains, name, version, context.CancellationToken);
        var response = new ModelMetadataResponse { Name = metadata.Name, Platform = metadata.Platform };
        response.Versions.Add(versions);
        response.Inputs.Add(metadata.Inputs.Select(Describe));
        response.Outputs.Add(metadata.Outputs.Select(Describe));
        return response;
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        using var span = FabricTracing.Gateway.StartActivity("oip grpc infer");
        span?.SetTag(FabricTracing.Tags.Model, request.ModelName);
        span?.SetTag(FabricTracing.Tags.RequestedVersion, request.ModelVersion);
        try
        {
            GrpcNames.Version(request.ModelVersion, "model_version");
            scopes.Require(context, FabricScopes.Inference, GrpcNames.Model(request.ModelName, "model_name"));
            ModelEndpoints.EnsureKnownName(request.ModelName);
            var http = context.GetHttpContext();
            // The decoded tensors stay reserved until the answer is made: the grain call holds them (and copies of them).
            using var memory = budget.Open();
            var parsed = GrpcInferCodec.ReadRequest(request, memory.Add);
            parsed = parsed with
            {
                Deadline = GrpcDeadlines.Of(context.Deadline, InferRequestHeaders.ReadDeadline(http.Request, time, options.Value.MaxRequestTimeout), time.GetUtcNow(), options.Value.MaxRequestTimeout),
                RoutingKey = InferRequestHeaders.ReadRoutingKey(http.Request),
            };
            span?.SetTag(FabricTracing.Tags.RequestId, parsed.Id);
            var response = await fronts.InferAsync(parsed, FabricPrincipals.CallerOf(http.User), context.CancellationToken);
            span?.SetTag(FabricTracing.Tags.Version, response.ModelVersion);
            return GrpcInferCodec.WriteResponse(response, raw: request.RawInputContents.Count > 0 || WantsRawOutputs(parsed));
        }
        catch (InferenceException ex)
        {
            FabricTracing.Fail(span, InferenceOutcomes.Of(ex.Kind), ex.Message);
            throw;
        }
    }

    // The request parameter binary_data_output (as over HTTP) asks for raw outputs also when the inputs were typed.
    private static bool WantsRawOutputs(InferenceRequest request) =>
        request.Parameters is { } parameters && parameters.TryGetValue("binary_data_output", out var raw) && raw == "true";

    private static ModelMetadataResponse.Types.TensorMetadata Describe(TensorMetadata tensor)
    {
        var described = new ModelMetadataResponse.Types.TensorMetadata { Name = tensor.Name, Datatype = tensor.DataType.ToWireName() };
        described.Shape.Add(tensor.Shape);
        return described;
    }
}
