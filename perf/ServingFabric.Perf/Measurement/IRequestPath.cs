namespace ServingFabric.Perf.Measurement;

/// <summary>One way of running the benchmark request: direct ONNX Runtime, the SDK over Orleans, HTTP with JSON or binary tensors.</summary>
internal interface IRequestPath
{
    /// <summary>Short name used in tables and plots, for example <c>http-binary</c>.</summary>
    string Name { get; }

    /// <summary>The model the path calls.</summary>
    string Model { get; }

    /// <summary>Rows (first dimension) each request carries, so throughput can be compared in rows per second.</summary>
    int RowsPerRequest { get; }

    /// <summary>Sends request number <paramref name="sequence"/>; throws when it fails for any reason other than load shedding.</summary>
    ValueTask<RequestOutcome> SendAsync(long sequence);
}
