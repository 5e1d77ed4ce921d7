namespace ServingFabric.Client;

/// <summary>How an <see cref="IInferenceClient"/> reaches the cluster.</summary>
public enum ServingFabricTransport
{
    /// <summary>The Open Inference Protocol over HTTP, to the gateway at <see cref="ServingFabricClientOptions.BaseAddress"/>.</summary>
    Http,

    /// <summary>Grain calls through an Orleans <c>IClusterClient</c> (for .NET services inside the cluster).</summary>
    Orleans,
}
