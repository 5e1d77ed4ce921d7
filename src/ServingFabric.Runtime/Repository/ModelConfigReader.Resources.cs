using System.Text.Json;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>The resource settings of config.json: <c>instance_count</c> and <c>memory</c>.</summary>
internal sealed partial class ModelConfigReader
{
    public const string InstanceCountField = "instance_count";
    public const string MemoryField = "memory";
    public const string MemoryArenaField = "arena";
    public const string MemoryPatternField = "memory_pattern";

    private static readonly string[] MemoryFields = [MemoryArenaField, MemoryPatternField];

    private EngineMemorySpec ReadMemory(JsonElement element)
    {
        var fields = Fields(element, MemoryField, MemoryFields);
        var defaults = new EngineMemorySpec();
        var arena = fields.TryGetValue(MemoryArenaField, out var a)
            ? Bool(a, $"{MemoryField}.{MemoryArenaField}", "true or false (false frees every tensor after each batch: smallest footprint, slower)")
            : defaults.Arena;
        var pattern = fields.TryGetValue(MemoryPatternField, out var p)
            ? Bool(p, $"{MemoryField}.{MemoryPatternField}", "true or false (false plans no memory block from earlier runs)")
            : defaults.MemoryPattern;
        return new EngineMemorySpec(arena, pattern);
    }
}
