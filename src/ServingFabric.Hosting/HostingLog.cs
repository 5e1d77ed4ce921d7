using Microsoft.Extensions.Logging;

namespace ServingFabric.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model repository was empty: wrote the sample model '{Model}' to {Root}. Drop your own models beside it (<model>/config.json, <model>/<version>/model.onnx)")]
    public static partial void SeededSampleModel(ILogger logger, string model, string root);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model repository: {Root}. Add a model as <model>/config.json and <model>/<version>/model.onnx there, then POST /v2/repository/models/<model>/load; ServingFabric:ModelRepository:Path moves it")]
    public static partial void UsingModelRepository(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model repository: blob container {Source}, verified copies cached in {Cache}, polled every {PollInterval}. Upload a version with fabric versions register --upload (or put <model>/<version>/model.onnx there and its sha256 in <model>/config.json)")]
    public static partial void UsingBlobModelRepository(ILogger logger, string source, string cache, TimeSpan pollInterval);
}
