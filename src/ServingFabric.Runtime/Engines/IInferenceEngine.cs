using ServingFabric.Models;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Engines;

/// <summary>
/// A loaded model that runs whole batches synchronously. Engines are called from the batcher's own thread,
/// one batch at a time, never from the Orleans scheduler.
/// </summary>
public interface IInferenceEngine : IDisposable
{
    /// <summary>Inputs and outputs as the model declares them (-1 for symbolic dimensions).</summary>
    ModelMetadata Metadata { get; }

    /// <summary>
    /// Runs one batch. <paramref name="inputs"/> hold every model input, already merged along the first dimension;
    /// <paramref name="outputNames"/> names the outputs to compute. Returns them in that order.
    /// </summary>
    IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames);
}
