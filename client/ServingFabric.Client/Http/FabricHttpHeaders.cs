namespace ServingFabric.Client;

/// <summary>Header names the client sends and reads.</summary>
internal static class FabricHttpHeaders
{
    /// <summary>Triton's binary tensor extension: the length of the JSON header before the binary tensor data.</summary>
    public const string InferenceHeaderContentLength = "Inference-Header-Content-Length";

    /// <summary>Milliseconds the caller still waits; the gateway turns it back into the request's deadline.</summary>
    public const string TimeoutMilliseconds = "x-fabric-timeout-ms";

    /// <summary>Sticky routing key: the same key always picks the same version under a traffic split.</summary>
    public const string RoutingKey = "x-fabric-routing-key";

    public const string BinaryContentType = "application/octet-stream";
    public const string JsonContentType = "application/json";
}
