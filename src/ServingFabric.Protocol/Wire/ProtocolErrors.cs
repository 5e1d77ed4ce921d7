using ServingFabric.Inference;

namespace ServingFabric.Protocol;

internal static class ProtocolErrors
{
    public static InferenceException Invalid(string message) => new(InferenceErrorKind.InvalidInput, message);

    // A client that cannot parse what the server sent did nothing wrong itself, so this is not InvalidInput.
    public static InferenceException MalformedResponse(string what, InferenceException inner) =>
        new(InferenceErrorKind.Internal, $"The server's {what} is malformed: {inner.Message}", inner);
}
