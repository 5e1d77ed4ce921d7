namespace ServingFabric.Perf.Fabric;

/// <summary>A silo serving the benchmark repository, in this process or in its own pinned process.</summary>
internal interface IBenchmarkSilo : IAsyncDisposable
{
    Uri HttpAddress { get; }

    /// <summary>The gateway's gRPC listener (HTTP/2 cleartext on loopback): KServe V2's <c>GRPCInferenceService</c>.</summary>
    Uri GrpcAddress { get; }

    /// <summary>The Orleans gateway port external clients (the SDK's Orleans transport) connect to.</summary>
    int GatewayPort { get; }

    bool ResponseCache { get; }
}
