using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Memory;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Telemetry;

namespace ServingFabric.Gateway.OpenInference;

/// <summary><c>POST /v2/models/{name}[/versions/{version}]/infer</c>, JSON or Triton binary tensors.</summary>
internal static class InferEndpoint
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    public static async Task HandleAsync(HttpContext context, string name, string? version, FrontGrains fronts, IOptions<GatewayOptions> options, TimeProvider time, RequestMemoryBudget budget)
    {
        using var span = FabricTracing.Gateway.StartActivity("oip infer");
        try
        {
            await InferAsync(context, name, version, fronts, options, time, budget, span);
        }
        catch (InferenceException ex)
        {
            FabricTracing.Fail(span, InferenceOutcomes.Of(ex.Kind), ex.Message);
            throw;
        }
        catch (Exception ex) when (span is not null)
        {
            FabricTracing.Fail(span, "error", ex.GetType().Name);
            throw;
        }
    }

    private static async Task InferAsync(
        HttpContext context, string name, string? version, FrontGrains fronts, IOptions<GatewayOptions> options, TimeProvider time, RequestMemoryBudget budget, Activity? span)
    {
        span?.SetTag(FabricTracing.Tags.Model, name);
        span?.SetTag(FabricTracing.Tags.RequestedVersion, version);
        span?.SetTag(FabricTracing.Tags.BodyBytes, context.Request.ContentLength);
        // The tensors stay reserved until the response is written: the grain call holds them (and copies of them).
        using var memory = budget.Open();
        var request = await ReadRequestAsync(context, name, version, options.Value.MaxRequestBodyBytes, memory);
        request = request with
        {
            Deadline = InferRequestHeaders.ReadDeadline(context.Request, time, options.Value.MaxRequestTimeout),
            RoutingKey = InferRequestHeaders.ReadRoutingKey(context.Request),
        };

        span?.SetTag(FabricTracing.Tags.RequestId, request.Id);
        var response = await fronts.InferAsync(request, FabricPrincipals.CallerOf(context.User), context.RequestAborted);
        span?.SetTag(FabricTracing.Tags.Version, response.ModelVersion);
        var encoded = OipResponseCodec.Write(response, request);

        context.Response.StatusCode = StatusCodes.Status200OK;
        if (encoded.InferenceHeaderLength is { } headerLength)
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.Headers[HeaderLengthHeader] = headerLength.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            context.Response.ContentType = "application/json";
        }

        context.Response.ContentLength = encoded.Content.Length;
        await context.Response.Body.WriteAsync(encoded.Content, context.RequestAborted);
    }

    // The parsed request copies every byte it keeps (tensor data, strings, raw parameter text), so the rented body
    // goes back to the pool (and its bytes to the budget) before the grain call, which can wait long in a queue, and
    // also when parsing fails.
    private static async Task<InferenceRequest> ReadRequestAsync(HttpContext context, string name, string? version, long limit, RequestMemoryReservation memory)
    {
        var headerLength = ReadHeaderLength(context.Request);
        using var body = await RequestBodyReader.RentAsync(context.Request, limit, memory, context.RequestAborted);
        var bodyBytes = memory.Held;
        try
        {
            return OipRequestCodec.Read(body.Memory, headerLength, name, version, memory.Add);
        }
        finally
        {
            memory.Remove(bodyBytes);
        }
    }

    private static int? ReadHeaderLength(HttpRequest request)
    {
        var value = request.Headers[HeaderLengthHeader].FirstOrDefault();
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"header {HeaderLengthHeader} '{value}' is not a non-negative integer; it must give the byte length of the JSON part of the body");
    }
}
