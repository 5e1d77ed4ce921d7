using ServingFabric.Models;
using ServingFabric.Runtime.Engines;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Batching;

/// <summary>
/// An engine whose answers a test knows exactly: input "x" (FP32, any [rows, n]) gives "y" = 2x + 1 and "neg" = -x.
/// It records every batch, can hold a batch in progress until the test opens <see cref="Gate"/>, and can fail.
/// </summary>
internal sealed class TestEngine : IInferenceEngine
{
    private readonly Lock _lock = new();
    private readonly List<RecordedBatch> _batches = [];

    public TestEngine(string name = "m", string version = "1", int maxBatchSize = 8)
    {
        Metadata = new ModelMetadata(
            name,
            version,
            "test",
            [new TensorMetadata("x", TensorDataType.Fp32, [-1, -1])],
            [new TensorMetadata("y", TensorDataType.Fp32, [-1, -1]), new TensorMetadata("neg", TensorDataType.Fp32, [-1, -1])],
            maxBatchSize);
    }

    public ModelMetadata Metadata { get; }

    /// <summary>When set, each batch waits for it (on the batcher's thread) after it is recorded.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when a batch starts running.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the next batches throw it.</summary>
    public Exception? Failure { get; set; }

    public int DisposeCount { get; private set; }

    public IReadOnlyList<RecordedBatch> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
    {
        var x = inputs.Single(i => i.Name == "x");
        var values = Floats.Of(x.Data);
        lock (_lock)
        {
            _batches.Add(new RecordedBatch(x.Shape, values, [.. outputNames]));
        }

        Started.TrySetResult();
        Gate?.Task.GetAwaiter().GetResult();
        if (Failure is not null)
        {
            throw Failure;
        }

        return [.. outputNames.Select(name => name switch
        {
            "y" => new Tensor("y", TensorDataType.Fp32, x.Shape, Floats.Bytes(values.Select(v => (2 * v) + 1))),
            "neg" => new Tensor("neg", TensorDataType.Fp32, x.Shape, Floats.Bytes(values.Select(v => -v))),
            _ => throw new ArgumentException($"no output '{name}'"),
        })];
    }

    public void Dispose() => DisposeCount++;
}

internal sealed record RecordedBatch(long[] Shape, float[] Values, string[] OutputNames)
{
    public long Rows => Shape[0];
}
