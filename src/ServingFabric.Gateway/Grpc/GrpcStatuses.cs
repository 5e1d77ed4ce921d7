using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using ServingFabric.Protocol.Grpc.Rpc;

namespace ServingFabric.Gateway.Grpc;

/// <summary>
/// The gRPC status of each Open Inference Protocol error, as Triton maps them: 400 INVALID_ARGUMENT, 401
/// UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 409 FAILED_PRECONDITION, 413 and 429 RESOURCE_EXHAUSTED,
/// 501 UNIMPLEMENTED, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED, anything else INTERNAL. A failure with a retry delay carries it twice: as a
/// <c>google.rpc.RetryInfo</c> detail in <c>grpc-status-details-bin</c> (gRPC's richer error model) and as
/// <c>retry-after</c> seconds, which any client can read from the trailers.
/// </summary>
internal static class GrpcStatuses
{
    public const string RetryAfterTrailer = "retry-after";
    public const string StatusDetailsTrailer = "grpc-status-details-bin";

    public static StatusCode Of(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status400BadRequest => StatusCode.InvalidArgument,
        StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
        StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
        StatusCodes.Status404NotFound => StatusCode.NotFound,
        StatusCodes.Status409Conflict => StatusCode.FailedPrecondition,
        StatusCodes.Status413PayloadTooLarge or StatusCodes.Status429TooManyRequests => StatusCode.ResourceExhausted,
        StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
        StatusCodes.Status504GatewayTimeout => StatusCode.DeadlineExceeded,
        StatusCodes.Status501NotImplemented => StatusCode.Unimplemented,
        _ => StatusCode.Internal,
    };

    /// <summary>The trailers that tell a client to retry after <paramref name="seconds"/>.</summary>
    public static Metadata RetryTrailers(StatusCode code, string message, int seconds)
    {
        var status = new Protocol.Grpc.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }));
        return new Metadata
        {
            { RetryAfterTrailer, seconds.ToString(CultureInfo.InvariantCulture) },
            { StatusDetailsTrailer, status.ToByteArray() },
        };
    }
}
