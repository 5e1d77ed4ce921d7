namespace ServingFabric.Inference;

/// <summary>
/// A failure a caller should see, with the kind that picks its status code. Messages name the field and what was
/// expected, so a user can fix the request without reading our code.
/// </summary>
[GenerateSerializer, Alias("sf.InferenceException")]
public sealed class InferenceException : Exception
{
    public InferenceException()
    {
    }

    public InferenceException(string message)
        : this(InferenceErrorKind.Internal, message)
    {
    }

    public InferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = InferenceErrorKind.Internal;
    }

    public InferenceException(InferenceErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public InferenceException(InferenceErrorKind kind, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Why the request failed.</summary>
    [Id(0)]
    public InferenceErrorKind Kind { get; private set; }

    /// <summary>Seconds the caller should wait before retrying (for <see cref="InferenceErrorKind.QueueFull"/>), if known.</summary>
    [Id(1)]
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The HTTP status code of this failure in the Open Inference Protocol.</summary>
    public int StatusCode => Kind switch
    {
        InferenceErrorKind.InvalidInput => 400,
        InferenceErrorKind.NotFound => 404,
        InferenceErrorKind.TooLarge => 413,
        InferenceErrorKind.QueueFull => 429,
        InferenceErrorKind.Unavailable => 503,
        InferenceErrorKind.DeadlineExceeded => 504,
        InferenceErrorKind.Conflict => 409,
        InferenceErrorKind.Unauthorized => 401,
        InferenceErrorKind.Forbidden => 403,
        _ => 500,
    };
}
