using Microsoft.Extensions.Logging;
using ServingFabric.Gpu;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Batching;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Engines;

/// <summary>
/// An engine on a GPU: it holds the device's memory reservation, reads the CUDA errors the engine throws, and acts on
/// them. Out of memory on a batch: the batch runs again in halves (down to single rows) before the error reaches
/// anyone. A broken device (illegal address, launch failure, uncorrectable ECC, device lost): the device is marked
/// failed for every session on it, and this and later calls answer Unavailable so fronts retry on another replica
/// while the replica moves.
/// </summary>
public sealed partial class GpuEngine : IInferenceEngine
{
    private readonly IInferenceEngine _inner;
    private readonly GpuReservation _reservation;
    private readonly bool _batched;
    private readonly ILogger _logger;

    /// <param name="inner">The engine running on the reserved device.</param>
    /// <param name="reservation">The device and memory it holds; released with the engine.</param>
    /// <param name="batched">True when the first dimension of every input is the batch (max_batch_size above 0), so a batch can be split.</param>
    /// <param name="logger">Logs retries and failures.</param>
    public GpuEngine(IInferenceEngine inner, GpuReservation reservation, bool batched, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _reservation = reservation;
        _batched = batched;
        _logger = logger;
    }

    /// <inheritdoc />
    public ModelMetadata Metadata => _inner.Metadata;

    /// <summary>The device this engine runs on.</summary>
    public GpuReservation Device => _reservation;

    /// <summary>Why the device failed; null while it is healthy.</summary>
    public string? Fault => _reservation.DeviceProblem;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (Fault is { } fault)
        {
            throw DeviceFailed(fault, inner: null);
        }

        try
        {
            return RunFitting(inputs, outputNames);
        }
        catch (Exception ex) when (ex is not InferenceException && CudaErrorClassifier.Classify(ex) == CudaFailureKind.DeviceFailed)
        {
            _reservation.ReportDeviceFailed(ex.Message);
            throw DeviceFailed(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _inner.Dispose();
        }
        finally
        {
            _reservation.Dispose();
        }
    }

    private IReadOnlyList<Tensor> RunFitting(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
    {
        try
        {
            return _inner.Run(inputs, outputNames);
        }
        catch (Exception ex) when (ex is not InferenceException && CudaErrorClassifier.Classify(ex) == CudaFailureKind.OutOfMemory)
        {
            var rows = RowsOf(inputs);
            if (rows < 2)
            {
                throw new InferenceException(InferenceErrorKind.TooLarge,
                    $"model '{_reservation.Model}' version '{_reservation.Version}' ran out of GPU memory on a single request ({ex.Message}); send smaller inputs, or raise execution.gpu_memory_limit_bytes in config.json",
                    ex);
            }

            var first = rows / 2;
            LogSplitting(_logger, _reservation.Model, _reservation.Version, rows, first, rows - first, _reservation.Index);
            var halves = inputs.Select(t => BatchSplitter.Split(t, [first, rows - first], rows)).ToArray();
            var head = RunFitting([.. halves.Select(h => h[0])], outputNames);
            var tail = RunFitting([.. halves.Select(h => h[1])], outputNames);
            return [.. head.Select((t, i) => Concatenate(t, tail[i], first, rows - first))];
        }
    }

    // The rows a batch can be split into: the first dimension, shared by every input of a batching model.
    private int RowsOf(IReadOnlyList<Tensor> inputs) =>
        _batched && inputs.Count > 0 && inputs.All(t => t.Shape.Length > 0 && t.Shape[0] == inputs[0].Shape[0]) ? (int)inputs[0].Shape[0] : 1;

    private static Tensor Concatenate(Tensor head, Tensor tail, int headRows, int tailRows)
    {
        if (head.Shape.Length == 0 || head.Shape[0] != headRows || tail.Shape.Length == 0 || tail.Shape[0] != tailRows)
        {
            // An output without the batch dimension is the same for every row.
            return head;
        }

        var shape = (long[])head.Shape.Clone();
        shape[0] = headRows + tailRows;
        return new Tensor(head.Name, head.DataType, shape, [.. head.Data, .. tail.Data]);
    }

    private InferenceException DeviceFailed(string problem, Exception? inner)
    {
        var message = $"GPU {_reservation.Index} ({_reservation.Uuid}) failed under model '{_reservation.Model}' version '{_reservation.Version}': {problem}; the replica moves to another GPU or silo, retry";
        return inner is null
            ? new InferenceException(InferenceErrorKind.Unavailable, message) { RetryAfterSeconds = 1 }
            : new InferenceException(InferenceErrorKind.Unavailable, message, inner) { RetryAfterSeconds = 1 };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} version {Version} ran out of GPU memory on a batch of {Rows} rows on GPU {Index}; running it as {Head} + {Tail} rows. If this repeats, lower max_batch_size or raise execution.gpu_memory_limit_bytes.")]
    private static partial void LogSplitting(ILogger logger, string model, string version, int rows, int head, int tail, int index);
}
