using ServingFabric.Perf.Measurement;
using ServingFabric.Runtime.Engines;
using ServingFabric.Tensors;

namespace ServingFabric.Perf.Paths;

/// <summary>
/// The baseline: the fabric's own ONNX Runtime engine (same session options, one intra-op thread) called on the
/// caller's thread, with no batcher, grain or network in between. What every other path adds is measured against it.
/// </summary>
internal sealed class DirectEnginePath(IInferenceEngine engine, IReadOnlyList<Tensor> inputs, int rows) : IRequestPath
{
    private readonly string[] _outputs = [.. engine.Metadata.Outputs.Select(o => o.Name)];

    public string Name => "direct-ort";

    public string Model => engine.Metadata.Name;

    public int RowsPerRequest => rows;

    public ValueTask<RequestOutcome> SendAsync(long sequence)
    {
        engine.Run(inputs, _outputs);
        return ValueTask.FromResult(RequestOutcome.Ok);
    }
}
