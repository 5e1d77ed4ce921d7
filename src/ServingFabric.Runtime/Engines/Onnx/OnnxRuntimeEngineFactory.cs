using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Gpu;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>
/// Loads ONNX models into ONNX Runtime sessions (platform <c>onnxruntime_onnx</c>): on the CPU, or, for a model whose
/// config.json asks for <c>"execution": {"provider": "cuda"}</c>, on a GPU of this silo that has room (CUDA execution
/// provider, wrapped in a <see cref="GpuEngine"/>). A GPU model falls back to the CPU only when its config says
/// <c>"fallback": "cpu"</c>, with a warning; otherwise no room on a GPU fails the load. It does not check the
/// artifact's SHA-256: the caller does that first with <see cref="Repository.ArtifactVerifier"/>.
/// </summary>
public sealed partial class OnnxRuntimeEngineFactory : IInferenceEngineFactory
{
    private readonly ILogger _logger;
    private readonly long _sharedArenaMaxBytes;
    private readonly GpuDevices? _gpus;
    private readonly Func<bool> _cudaProviderPresent;

    /// <param name="logger">Logs each load; null logs nothing.</param>
    /// <param name="options">Silo-wide settings (the shared arena's cap); null means the defaults.</param>
    /// <param name="gpus">This silo's GPUs; null: GPU models cannot load here (or fall back to the CPU).</param>
    public OnnxRuntimeEngineFactory(ILogger<OnnxRuntimeEngineFactory>? logger = null, IOptions<OnnxRuntimeOptions>? options = null, GpuDevices? gpus = null)
        : this(logger, options, gpus, () => OnnxCudaProvider.IsAvailable)
    {
    }

    /// <summary>For tests: <paramref name="cudaProviderPresent"/> stands for ONNX Runtime's list of providers.</summary>
    internal OnnxRuntimeEngineFactory(ILogger<OnnxRuntimeEngineFactory>? logger, IOptions<OnnxRuntimeOptions>? options, GpuDevices? gpus, Func<bool> cudaProviderPresent)
    {
        _gpus = gpus;
        _cudaProviderPresent = cudaProviderPresent;
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

        if (config.Execution is { UsesGpu: true } execution)
        {
            if (TryReserveGpu(modelName, version, execution, out var reservation, out var why))
            {
                try
                {
                    var onGpu = Load(modelName, version, artifactPath, config, refused, reservation);
                    return new GpuEngine(onGpu, reservation, config.MaxBatchSize > 0, _logger);
                }
                catch (InferenceException ex) when (execution.Fallback == ExecutionFallback.Cpu)
                {
                    reservation.Dispose();
                    why = ex.Message;
                }
                catch
                {
                    reservation.Dispose();
                    throw;
                }
            }

            if (execution.Fallback != ExecutionFallback.Cpu)
            {
                throw new InferenceException(InferenceErrorKind.Unavailable,
                    $"{refused} on a GPU: {why}; the replica belongs on a silo with a free GPU (or set execution.fallback to \"cpu\" in config.json to run it on the CPU there)",
                    new GpuUnavailableException(why));
            }

            LogCpuFallback(_logger, modelName, version, why);
        }

        return Load(modelName, version, artifactPath, config, refused, gpu: null);
    }

    // True with a reservation when this silo can run the model on a GPU; false with the reason when it cannot.
    private bool TryReserveGpu(string modelName, string version, ExecutionSpec execution, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GpuReservation? reservation, out string why)
    {
        reservation = null;
        if (!_cudaProviderPresent())
        {
            why = "this silo's ONNX Runtime has no CUDA execution provider (the CPU build); GPU models run on silos built with -p:ServingFabricGpu=true (the GPU image)";
            return false;
        }

        if (_gpus is null)
        {
            why = "this silo reads no GPU inventory";
            return false;
        }

        try
        {
            reservation = _gpus.Reserve(modelName, version, execution);
            why = "";
            return true;
        }
        catch (GpuUnavailableException ex)
        {
            why = ex.Message;
            return false;
        }
    }

    private OnnxRuntimeEngine Load(string modelName, string version, string artifactPath, ModelConfig config, string refused, GpuReservation? gpu)
    {
        var started = Stopwatch.GetTimestamp();
        var options = OnnxSessionOptions.Create(modelName, version, config, _sharedArenaMaxBytes);
        var sharedArena = OnnxSessionOptions.UsesSharedArena(config, _sharedArenaMaxBytes) ? _sharedArenaMaxBytes : 0;
        InferenceSession? session = null;
        try
        {
            if (gpu is not null)
            {
                OnnxCudaProvider.Append(options, config.Execution!, gpu.Index);
            }

            session = new InferenceSession(artifactPath, options);
            var metadata = OnnxMetadataReader.Read(session, modelName, version, artifactPath, config);
            var engine = new OnnxRuntimeEngine(session, options, metadata, sharedArena);
            LogLoaded(_logger, modelName, version, artifactPath, gpu is null ? "the CPU" : $"GPU {gpu.Index} ({gpu.Uuid})", config.EngineThreads, Describe(config, sharedArena), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return engine;
        }
        catch (OnnxRuntimeException ex)
        {
            Release(session, options);
            throw new InferenceException(
                InferenceErrorKind.Unavailable,
                gpu is null
                    ? $"{refused}: ONNX Runtime rejected it ({ex.Message}); check that the file is a complete ONNX model with opset and IR versions this runtime supports"
                    : $"{refused}: ONNX Runtime could not create it on GPU {gpu.Index} ({ex.Message}); check the model, the CUDA and cuDNN libraries of the image, and the driver (nvidia-smi)",
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

    [LoggerMessage(1, LogLevel.Information, "Loaded version {Version} of model {Model} from {Path} on {Device} with {Threads} intra-op thread(s) and {Memory} in {ElapsedMs:F0} ms")]
    private static partial void LogLoaded(ILogger logger, string model, string version, string path, string device, int threads, string memory, double elapsedMs);

    [LoggerMessage(2, LogLevel.Warning, "Model {Model} version {Version} asks for a GPU but runs on the CPU of this silo, as its execution.fallback allows: {Why}. Expect higher latency; add GPU capacity or free a GPU to move it back.")]
    private static partial void LogCpuFallback(ILogger logger, string model, string version, string why);
}
