namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>
/// Silo-wide ONNX Runtime settings (the silo binds them from <c>ServingFabric:Silo</c>). Per-model settings (engine
/// threads, arena on or off) live in each model's config.json.
/// </summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>The largest <see cref="SharedArenaMaxBytes"/> ONNX Runtime's C# arena configuration accepts (a 32-bit size).</summary>
    public const long MaxArenaBytes = uint.MaxValue;

    /// <summary>
    /// 0 (default): every session with the arena on keeps its own CPU arena, as ONNX Runtime does by default.
    /// Above 0: those sessions share one CPU arena of at most this many bytes, which grows only by what is requested
    /// (no power-of-two over-allocation); a batch that needs more fails with 503 naming this setting. ONNX Runtime
    /// caps arenas only per process (an allocator registered on its environment), not per session, so this is a silo
    /// setting; every silo in one process must use the same value. At most <see cref="MaxArenaBytes"/>.
    /// </summary>
    public long SharedArenaMaxBytes { get; set; }
}
