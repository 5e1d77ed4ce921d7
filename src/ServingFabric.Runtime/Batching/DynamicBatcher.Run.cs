using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Batching;

public sealed partial class DynamicBatcher
{
    // Runs a batch whose slot was claimed and frees that slot as soon as the engine is done, before anyone hears the
    // answer: a caller that sends its next request the moment this one completes finds the instance free (and a lone
    // run's time recorded), so it can run inline instead of queueing behind a slot that is only about to be freed.
    private void RunBatch(List<PendingRequest> batch, bool inline = false)
    {
        var rows = 0;
        var queueWait = TimeSpan.Zero;
        string[] outputNames;
        IReadOnlyList<Tensor> outputs;
        TimeSpan? runTime = null;
        var startedAt = _time.GetUtcNow();
        try
        {
            rows = batch.Sum(r => r.Rows);
            queueWait = startedAt - batch[0].EnqueuedAt;
            outputNames = [.. batch.SelectMany(r => r.OutputNames).Distinct(StringComparer.Ordinal)];
            var started = _time.GetTimestamp();
            outputs = _engine.Run(BatchAssembler.Merge(batch), outputNames);
            if (outputs.Count != outputNames.Length)
            {
                throw new InvalidOperationException($"The engine returned {outputs.Count} outputs for {outputNames.Length} requested.");
            }

            runTime = _time.GetElapsedTime(started);
        }
        catch (Exception ex)
        {
            ReleaseSlot(batch.Count, runTime: null);
            TraceBatch(batch, rows, startedAt, _time.GetUtcNow(), inline, ex);
            FailBatch(batch, rows, ex);
            return;
        }

        // Counted before anyone hears the answer, so a caller that reads the metrics after its answer finds its batch.
        ReleaseSlot(batch.Count, runTime);
        TraceBatch(batch, rows, startedAt, startedAt + runTime.Value, inline, error: null);
        Observe(o => o.OnBatch(rows, batch.Count, queueWait, runTime.Value));
        try
        {
            Deliver(batch, rows, outputNames, outputs);
        }
        catch (Exception ex)
        {
            FailBatch(batch, rows, ex);
        }
    }

    // Each request gets its own outputs in its own order; a lone request's outputs need no slicing.
    private static void Deliver(List<PendingRequest> batch, int rows, string[] outputNames, IReadOnlyList<Tensor> outputs)
    {
        var requestRows = batch.ConvertAll(r => r.Rows);
        var slices = new Tensor[outputNames.Length][];
        for (var o = 0; o < outputNames.Length; o++)
        {
            slices[o] = batch.Count == 1 ? [outputs[o]] : BatchSplitter.Split(outputs[o], requestRows, rows);
        }

        for (var r = 0; r < batch.Count; r++)
        {
            var wanted = batch[r].OutputNames;
            var mine = new Tensor[wanted.Count];
            for (var w = 0; w < wanted.Count; w++)
            {
                mine[w] = slices[Array.IndexOf(outputNames, wanted[w])][r];
            }

            batch[r].Succeed(mine);
        }
    }

    private void FailBatch(List<PendingRequest> batch, int rows, Exception ex)
    {
        LogBatchFailed(ex, _modelName, _version, rows, batch.Count);

        // An engine's own InferenceException (say, a shape it refuses) keeps its kind: the caller can fix that.
        var kind = ex is InferenceException known ? known.Kind : InferenceErrorKind.Internal;
        foreach (var request in batch)
        {
            // One exception each: callers rethrowing a shared one on several threads would garble its stack trace.
            Observe(o => o.OnRejected(kind));
            request.Fail(new InferenceException(kind, $"model '{_modelName}' version '{_version}' failed: {ex.Message}", ex));
        }
    }
}
