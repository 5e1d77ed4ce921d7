using Grpc.Core;
using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.Grpc;
using ServingFabric.Inference;
using ServingFabric.Protocol.Grpc.Rpc;

namespace ServingFabric.Gateway.Tests.Grpc;

/// <summary>Errors as gRPC statuses (Triton's mapping), retry info, refusals before the service, and deadlines.</summary>
public sealed class GrpcErrorMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(InferenceErrorKind.InvalidInput, StatusCode.InvalidArgument)]
    [InlineData(InferenceErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(InferenceErrorKind.TooLarge, StatusCode.ResourceExhausted)]
    [InlineData(InferenceErrorKind.QueueFull, StatusCode.ResourceExhausted)]
    [InlineData(InferenceErrorKind.Unavailable, StatusCode.Unavailable)]
    [InlineData(InferenceErrorKind.DeadlineExceeded, StatusCode.DeadlineExceeded)]
    [InlineData(InferenceErrorKind.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(InferenceErrorKind.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(InferenceErrorKind.Conflict, StatusCode.FailedPrecondition)]
    [InlineData(InferenceErrorKind.Internal, StatusCode.Internal)]
    public void ToRpc_EveryKind_IsTritonsStatusWithTheMessage(InferenceErrorKind kind, StatusCode expected)
    {
        var error = GrpcErrorInterceptor.ToRpc(new InferenceException(kind, "what went wrong"));

        Assert.Equal(expected, error.StatusCode);
        Assert.Equal("what went wrong", error.Status.Detail);
        Assert.Empty(error.Trailers);
    }

    [Fact]
    public void ToRpc_QueueFullWithRetryDelay_CarriesRetryAfterAndRetryInfo()
    {
        var error = GrpcErrorInterceptor.ToRpc(new InferenceException(InferenceErrorKind.QueueFull, "queue full") { RetryAfterSeconds = 2 });

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("2", error.Trailers.GetValue(GrpcStatuses.RetryAfterTrailer));
        var status = ServingFabric.Protocol.Grpc.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes(GrpcStatuses.StatusDetailsTrailer));
        Assert.Equal(((int)StatusCode.ResourceExhausted, "queue full"), (status.Code, status.Message));
        Assert.True(Assert.Single(status.Details).TryUnpack<RetryInfo>(out var retry));
        Assert.Equal(TimeSpan.FromSeconds(2), retry.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public void ToRpc_ServerSideFailure_TakesServerPathsOut()
    {
        var error = GrpcErrorInterceptor.ToRpc(new InferenceException(InferenceErrorKind.Internal, "cannot open /var/lib/servingfabric/models/iris/1/model.onnx"));

        Assert.DoesNotContain("/var/lib/servingfabric", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_RefusalBeforeTheService_IsTrailersOnlyGrpcWithEncodedMessage()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/grpc";

        Assert.True(GrpcErrorResponse.IsGrpc(context.Request));
        await GrpcErrorResponse.WriteAsync(context, StatusCodes.Status401Unauthorized, "needs a credential: 100% ü", retryAfterSeconds: null);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/grpc", context.Response.ContentType);
        Assert.Equal(((int)StatusCode.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers["grpc-status"]);
        Assert.Equal("needs a credential: 100%25 %C3%BC", context.Response.Headers["grpc-message"]);
    }

    [Theory]
    [InlineData("application/json", false)]
    [InlineData("application/grpc+proto", true)]
    [InlineData(null, false)]
    public void IsGrpc_ContentType_OnlyGrpcCalls(string? contentType, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;

        Assert.Equal(expected, GrpcErrorResponse.IsGrpc(context.Request));
    }

    [Fact]
    public void DeadlineOf_NoCallDeadline_IsTheHeaders() =>
        Assert.Equal(Now.AddSeconds(3), GrpcDeadlines.Of(DateTime.MaxValue, Now.AddSeconds(3), Now, TimeSpan.FromSeconds(60)));

    [Fact]
    public void DeadlineOf_NeitherGiven_IsNone() =>
        Assert.Null(GrpcDeadlines.Of(DateTime.MaxValue, null, Now, TimeSpan.FromSeconds(60)));

    [Fact]
    public void DeadlineOf_CallDeadline_BecomesTheRequestDeadline() =>
        Assert.Equal(Now.AddSeconds(5), GrpcDeadlines.Of(Now.AddSeconds(5).UtcDateTime, null, Now, TimeSpan.FromSeconds(60)));

    [Fact]
    public void DeadlineOf_CallDeadlinePastTheLongestAllowed_IsCut() =>
        Assert.Equal(Now.AddSeconds(60), GrpcDeadlines.Of(Now.AddHours(1).UtcDateTime, null, Now, TimeSpan.FromSeconds(60)));

    [Fact]
    public void DeadlineOf_HeaderEarlierThanTheCall_TheEarlierWins() =>
        Assert.Equal(Now.AddSeconds(2), GrpcDeadlines.Of(Now.AddSeconds(5).UtcDateTime, Now.AddSeconds(2), Now, TimeSpan.FromSeconds(60)));
}
