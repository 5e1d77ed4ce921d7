using Microsoft.Extensions.Logging;

namespace ServingFabric.Runtime.Repository.Blob;

public sealed partial class BlobModelRepository
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Listing the model repository {Source} failed (HTTP {Status}); the silo serves what its cache {Cache} holds and tries again at the next poll. Check ServingFabric:ModelRepository:Blob (URL, container, credentials)")]
    private static partial void LogListFailed(ILogger logger, Exception exception, string source, int status, string cache);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} in blob storage has no config.json at {Folder}/config.json, so none of its versions is downloaded; upload config.json with each version's sha256")]
    private static partial void LogModelWithoutConfig(ILogger logger, string model, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} version {Version} (blob {Blob}) is not downloaded: config.json declares no sha256 for it, and a blob version is used only once verified. Add \"versions\": {{\"{Version}\": {{\"sha256\": \"<hex>\"}}}} to config.json (fabric versions register --upload does)")]
    private static partial void LogVersionWithoutSha256(ILogger logger, string model, string version, string blob);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model}: downloading config.json from blob {Blob} failed (HTTP {Status}); the cached config stays in use and the next poll tries again")]
    private static partial void LogConfigDownloadFailed(ILogger logger, Exception exception, string model, string blob, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model}: the config.json in blob storage is refused ({Reason}); the cached config stays in use. Fix the file and upload it again")]
    private static partial void LogConfigInvalid(ILogger logger, string model, string reason);
}
