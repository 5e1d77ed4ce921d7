using Microsoft.Extensions.Logging;

namespace ServingFabric.Runtime.Batching;

public sealed partial class DynamicBatcher
{
    [LoggerMessage(1001, LogLevel.Error,
        "Model '{Model}' version '{Version}' failed a batch of {Rows} rows ({Requests} requests); each request got an error. Check the exception; if the version is bad, roll it back.")]
    private partial void LogBatchFailed(Exception exception, string model, string version, int rows, int requests);

    [LoggerMessage(1002, LogLevel.Warning,
        "The batch observer of model '{Model}' version '{Version}' threw; batching goes on, but fix the observer or its metrics will be wrong.")]
    private partial void LogObserverFailed(Exception exception, string model, string version);

    [LoggerMessage(1003, LogLevel.Critical,
        "The batcher of model '{Model}' version '{Version}' stopped unexpectedly and failed its queued requests; unload and reload the version, and report this bug.")]
    private partial void LogLoopCrashed(Exception exception, string model, string version);
}
