namespace ServingFabric.Models;

/// <summary>
/// How a model's engine session allocates memory (config.json <c>"memory": {"arena": true, "memory_pattern": true}</c>).
/// </summary>
/// <param name="Arena">
/// ONNX Runtime's CPU arena: allocations are pooled and reused, which is faster but keeps the peak allocated. Off,
/// every tensor is freed when a batch ends: the smallest footprint for rarely used models. When the silo sets
/// <c>ServingFabric:Silo:OnnxArenaMaxBytes</c>, sessions with the arena on share one arena capped at that size.
/// Default true.
/// </param>
/// <param name="MemoryPattern">
/// ONNX Runtime's memory pattern: plans one block for a run from the previous run of the same shapes. It helps fixed
/// shapes and only costs memory when batch sizes vary. Default true.
/// </param>
[GenerateSerializer, Immutable, Alias("sf.EngineMemorySpec")]
public sealed record EngineMemorySpec(
    [property: Id(0)] bool Arena = true,
    [property: Id(1)] bool MemoryPattern = true);
