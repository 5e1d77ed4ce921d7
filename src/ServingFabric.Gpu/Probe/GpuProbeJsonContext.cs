using System.Text.Json.Serialization;

namespace ServingFabric.Gpu.Probe;

/// <summary>Source-generated JSON for the probe: no reflection, so the trimmed probe prints the same JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GpuProbeSample))]
internal sealed partial class GpuProbeJsonContext : JsonSerializerContext;
