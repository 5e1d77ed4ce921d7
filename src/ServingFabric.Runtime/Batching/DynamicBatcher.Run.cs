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
            rows = RowsOf(batch);
            queueWait = startedAt - batch[0].EnqueuedAt;
            outputNames = OutputNamesOf(batch);
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
        if (batch.Count == 1 && ReferenceEquals(batch[0].OutputNames, outputNames))
        {
            // A lone request that asked for these very outputs: the engine's list is its answer as it stands.
            batch[0].Succeed(outputs);
            return;
        }

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

    private static int RowsOf(List<PendingRequest> batch)
    {
        var rows = 0;
        foreach (var request in batch)
        {
            rows += request.Rows;
        }

        return rows;
    }

    // The union of the batch's outputs, in first-asked order. A lone request's own list (the usual case without batching)
    // is used as it is when it names each output once, saving a set and two arrays per run.
    private static string[] OutputNamesOf(List<PendingRequest> batch)
    {
        if (batch.Count == 1 && batch[0].OutputNames is string[] names && AllDistinct(names))
        {
            return names;
        }

        return [.. batch.SelectMany(r => r.OutputNames).Distinct(StringComparer.Ordinal)];
    }

    private static bool AllDistinct(string[] names)
    {
        for (var i = 1; i < names.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(names[i], names[j], StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
