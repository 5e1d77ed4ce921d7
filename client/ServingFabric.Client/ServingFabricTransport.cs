namespace ServingFabric.Client;

/// <summary>How an <see cref="IInferenceClient"/> reaches the cluster.</summary>
public enum ServingFabricTransport
{
    /// <summary>The Open Inference Protocol over HTTP, to the gateway at <see cref="ServingFabricClientOptions.BaseAddress"/>.</summary>
    Http,

    /// <summary>Grain calls through an Orleans <c>IClusterClient</c> (for .NET services inside the cluster).</summary>
    Orleans,

    /// <summary>
    /// The Open Inference Protocol's gRPC service (KServe V2), to the gateway's gRPC listener at
    /// <see cref="ServingFabricClientOptions.BaseAddress"/> (<c>ServingFabric:Gateway:GrpcUrl</c>, for example http://localhost:8081/).
    /// </summary>
    Grpc,
}
