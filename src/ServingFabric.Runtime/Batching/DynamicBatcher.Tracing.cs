using System.Diagnostics;
using ServingFabric.Telemetry;

namespace ServingFabric.Runtime.Batching;

public sealed partial class DynamicBatcher
{
    // The span a request was enqueued under, when a tracer listens to the batcher or the engine; default otherwise,
    // so an untraced request pays one check.
    private static ActivityContext TraceParentNow() =>
        (FabricTracing.Batcher.HasListeners() || FabricTracing.Engine.HasListeners()) && Activity.Current is { } current
            ? current.Context
            : default;

    // After a batch ran: each traced request gets the time it queued ("batch queue") and the batch's run ("engine run",
    // shared by every request in the batch, each under its own trace, with the batch's size), timed by the batcher's
    // clock so both spans line up with the request's own. A failed run marks the engine span failed.
    private void TraceBatch(List<PendingRequest> batch, int rows, DateTimeOffset started, DateTimeOffset ended, bool inline, Exception? error)
    {
        foreach (var request in batch)
        {
            if (request.TraceParent == default)
            {
                continue;
            }

            using (var queue = FabricTracing.Batcher.StartActivity("batch queue", ActivityKind.Internal, request.TraceParent, startTime: request.EnqueuedAt))
            {
                if (queue is not null)
                {
                    queue.SetTag(FabricTracing.Tags.Model, _modelName);
                    queue.SetTag(FabricTracing.Tags.Version, _version);
                    queue.SetTag(FabricTracing.Tags.RequestRows, request.Rows);
                    queue.SetTag(FabricTracing.Tags.BatchRows, rows);
                    queue.SetTag(FabricTracing.Tags.BatchRequests, batch.Count);
                    queue.SetTag(FabricTracing.Tags.Inline, inline);
                    queue.SetEndTime(started.UtcDateTime);
                }
            }

            using var run = FabricTracing.Engine.StartActivity("engine run", ActivityKind.Internal, request.TraceParent, startTime: started);
            if (run is null)
            {
                continue;
            }

            run.SetTag(FabricTracing.Tags.Model, _modelName);
            run.SetTag(FabricTracing.Tags.Version, _version);
            run.SetTag(FabricTracing.Tags.BatchRows, rows);
            run.SetTag(FabricTracing.Tags.BatchRequests, batch.Count);
            if (error is not null)
            {
                FabricTracing.Fail(run, "error", error.Message);
            }

            run.SetEndTime(ended.UtcDateTime);
        }
    }
}
