using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>
/// Loads ONNX models into CPU ONNX Runtime sessions (platform <c>onnxruntime_onnx</c>). It does not check the
/// artifact's SHA-256: the caller does that first with <see cref="Repository.ArtifactVerifier"/>.
/// </summary>
public sealed partial class OnnxRuntimeEngineFactory : IInferenceEngineFactory
{
    private readonly ILogger _logger;
    private readonly long _sharedArenaMaxBytes;

    /// <param name="logger">Logs each load; null logs nothing.</param>
    /// <param name="options">Silo-wide settings (the shared arena's cap); null means the defaults.</param>
    public OnnxRuntimeEngineFactory(ILogger<OnnxRuntimeEngineFactory>? logger = null, IOptions<OnnxRuntimeOptions>? options = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _sharedArenaMaxBytes = options?.Value.SharedArenaMaxBytes ?? 0;
        if (_sharedArenaMaxBytes is < 0 or > OnnxRuntimeOptions.MaxArenaBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _sharedArenaMaxBytes,
                $"ServingFabric:Silo:OnnxArenaMaxBytes must be 0 (no shared arena) or from 1 to {OnnxRuntimeOptions.MaxArenaBytes} bytes.");
        }
    }

    /// <inheritdoc />
    public string Platform => ModelConfig.OnnxRuntimePlatform;

    /// <inheritdoc />
    public IInferenceEngine Create(string modelName, string version, string artifactPath, ModelConfig config)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactPath);
        ArgumentNullException.ThrowIfNull(config);
        var refused = $"version {version} of model '{modelName}' could not be loaded from {artifactPath}";
        if (!File.Exists(artifactPath))
        {
            throw new InferenceException(InferenceErrorKind.Unavailable, $"{refused}: the file does not exist; put model.onnx there or remove the version");
        }

        var started = Stopwatch.GetTimestamp();
        var options = OnnxSessionOptions.Create(modelName, version, config, _sharedArenaMaxBytes);
        var sharedArena = OnnxSessionOptions.UsesSharedArena(config, _sharedArenaMaxBytes) ? _sharedArenaMaxBytes : 0;
        InferenceSession? session = null;
        try
        {
            session = new InferenceSession(artifactPath, options);
            var metadata = OnnxMetadataReader.Read(session, modelName, version, artifactPath, config);
            var engine = new OnnxRuntimeEngine(session, options, metadata, sharedArena);
            LogLoaded(_logger, modelName, version, artifactPath, config.EngineThreads, Describe(config, sharedArena), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return engine;
        }
        catch (OnnxRuntimeException ex)
        {
            Release(session, options);
            throw new InferenceException(
                InferenceErrorKind.Unavailable,
                $"{refused}: ONNX Runtime rejected it ({ex.Message}); check that the file is a complete ONNX model with opset and IR versions this runtime supports",
                ex);
        }
        catch
        {
            Release(session, options);
            throw;
        }
    }

    private static void Release(InferenceSession? session, SessionOptions options)
    {
        session?.Dispose();
        options.Dispose();
    }

    private static string Describe(ModelConfig config, long sharedArena) =>
        sharedArena > 0 ? $"the silo's shared arena ({sharedArena} bytes at most)"
        : config.Memory?.Arena == false ? "no arena" : "its own arena";

    [LoggerMessage(1, LogLevel.Information, "Loaded version {Version} of model {Model} from {Path} with {Threads} intra-op thread(s) and {Memory} in {ElapsedMs:F0} ms")]
    private static partial void LogLoaded(ILogger logger, string model, string version, string path, int threads, string memory, double elapsedMs);
}
