namespace ServingFabric.Gateway.Grpc;

/// <summary>
/// A gRPC call's deadline as the request's deadline: the earlier of the call's deadline (<c>grpc-timeout</c>) and
/// <c>x-fabric-timeout-ms</c>, cut to <see cref="GatewayOptions.MaxRequestTimeout"/> from now, so a request still
/// queued when its caller stops waiting is dropped rather than run.
/// </summary>
internal static class GrpcDeadlines
{
    /// <param name="callDeadline">The call's deadline (UTC); <see cref="DateTime.MaxValue"/> when the caller set none.</param>
    /// <param name="fromHeader">The deadline <c>x-fabric-timeout-ms</c> asked for (already cut), or null.</param>
    public static DateTimeOffset? Of(DateTime callDeadline, DateTimeOffset? fromHeader, DateTimeOffset now, TimeSpan maxTimeout)
    {
        if (callDeadline == DateTime.MaxValue)
        {
            return fromHeader;
        }

        var latest = now + maxTimeout;
        var deadline = new DateTimeOffset(DateTime.SpecifyKind(callDeadline, DateTimeKind.Utc));
        deadline = deadline < latest ? deadline : latest;
        return fromHeader is { } header && header < deadline ? header : deadline;
    }
}
