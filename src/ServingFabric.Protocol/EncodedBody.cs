namespace ServingFabric.Protocol;

/// <summary>
/// An encoded HTTP body. When <paramref name="InferenceHeaderLength"/> is set the body is the JSON header followed by
/// raw tensor bytes (Triton binary tensor extension): send it as <c>application/octet-stream</c> with the header
/// <c>Inference-Header-Content-Length</c> set to that value. Otherwise it is plain <c>application/json</c>.
/// </summary>
/// <param name="Content">The whole body.</param>
/// <param name="InferenceHeaderLength">Length of the JSON header in bytes, or null for a JSON-only body.</param>
public sealed record EncodedBody(byte[] Content, int? InferenceHeaderLength);
