namespace ServingFabric.Inference;

/// <summary>
/// The name of a request's outcome, as the <c>outcome</c> label of <c>servingfabric_inference_requests_total</c> and the
/// <c>servingfabric.outcome</c> span attribute carry it: <see cref="Success"/>, or the failure's kind in snake case.
/// </summary>
public static class InferenceOutcomes
{
    public const string Success = "success";

    public static string Of(InferenceErrorKind kind) => kind switch
    {
        InferenceErrorKind.InvalidInput => "invalid_input",
        InferenceErrorKind.NotFound => "not_found",
        InferenceErrorKind.TooLarge => "too_large",
        InferenceErrorKind.QueueFull => "queue_full",
        InferenceErrorKind.Unavailable => "unavailable",
        InferenceErrorKind.DeadlineExceeded => "deadline_exceeded",
        InferenceErrorKind.Conflict => "conflict",
        InferenceErrorKind.Unauthorized => "unauthorized",
        InferenceErrorKind.Forbidden => "forbidden",
        _ => "error",
    };
}
