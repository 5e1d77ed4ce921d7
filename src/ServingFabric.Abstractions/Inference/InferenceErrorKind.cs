namespace ServingFabric.Inference;

/// <summary>Why a request failed; each kind maps to one HTTP status of the Open Inference Protocol.</summary>
public enum InferenceErrorKind
{
    /// <summary>400: the request does not match the protocol or the model's metadata.</summary>
    InvalidInput,
    /// <summary>404: no such model or version.</summary>
    NotFound,
    /// <summary>413: the request is larger than allowed.</summary>
    TooLarge,
    /// <summary>429: a queue or rate limit refused the request.</summary>
    QueueFull,
    /// <summary>503: the model or server is not ready, or is draining.</summary>
    Unavailable,
    /// <summary>504: the deadline passed before the request ran.</summary>
    DeadlineExceeded,
    /// <summary>500: the engine failed.</summary>
    Internal,

    /// <summary>The request conflicts with the current state (a release already running, the default version retired...): 409.</summary>
    Conflict,

    /// <summary>The caller did not authenticate (missing or wrong API key): 401.</summary>
    Unauthorized,

    /// <summary>The caller may not do this (for example fault injection without the admin key): 403.</summary>
    Forbidden,
}
