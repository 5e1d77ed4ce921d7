using Microsoft.Extensions.Logging;

namespace ServingFabric.Runtime.Hosting;

public sealed partial class ModelHost
{
    [LoggerMessage(1101, LogLevel.Information, "Loaded model '{Model}' version '{Version}' on platform '{Platform}' in {ElapsedMs:0} ms.")]
    private partial void LogLoaded(string model, string version, string platform, double elapsedMs);

    [LoggerMessage(1102, LogLevel.Warning,
        "Loading model '{Model}' version '{Version}' failed; the next acquire retries. Fix what the exception names (config.json, the artifact or its SHA-256) or remove the version.")]
    private partial void LogLoadFailed(Exception exception, string model, string version);

    [LoggerMessage(1103, LogLevel.Information, "Unloaded model '{Model}' version '{Version}': its last replica on this silo released it.")]
    private partial void LogUnloaded(string model, string version);

    [LoggerMessage(1104, LogLevel.Error,
        "Unloading model '{Model}' version '{Version}' failed; its memory may not be freed. Restart the silo if memory keeps growing, and report the exception.")]
    private partial void LogUnloadFailed(Exception exception, string model, string version);
}
