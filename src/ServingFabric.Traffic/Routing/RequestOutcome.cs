using ServingFabric.Inference;

namespace ServingFabric.Traffic.Routing;

/// <summary>How a request ended, as outcome reports count it.</summary>
public enum RequestOutcome
{
    /// <summary>Answered: counts, with its latency.</summary>
    Answered,

    /// <summary>Failed on the server's side (5xx, or the deadline passed): counts as an error, with its latency.</summary>
    ServerError,

    /// <summary>Refused by a queue or rate limit (429): counts with its latency, not as an error (load, not a fault).</summary>
    Refused,

    /// <summary>The caller's mistake (400, 404, 413, 401, 403, 409): counts as a request only; says nothing about the version.</summary>
    CallerError,

    /// <summary>The caller went away before the answer: counts as a request only.</summary>
    Abandoned,
}

/// <summary>Sorts failures into <see cref="RequestOutcome"/>s.</summary>
public static class RequestOutcomes
{
    /// <summary>The outcome of a request that failed with <paramref name="kind"/>; null: it was answered.</summary>
    public static RequestOutcome Of(InferenceErrorKind? kind) => kind switch
    {
        null => RequestOutcome.Answered,
        InferenceErrorKind.Internal or InferenceErrorKind.Unavailable or InferenceErrorKind.DeadlineExceeded => RequestOutcome.ServerError,
        InferenceErrorKind.QueueFull => RequestOutcome.Refused,
        _ => RequestOutcome.CallerError,
    };

    /// <summary>Whether the outcome carries a latency worth recording.</summary>
    public static bool HasLatency(RequestOutcome outcome) =>
        outcome is RequestOutcome.Answered or RequestOutcome.ServerError or RequestOutcome.Refused;
}
