using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Security;

/// <summary>The keys file's JSON (snake_case, indented, unknown fields refused so a typo is not a silently ignored setting).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    MaxDepth = 8)]
[JsonSerializable(typeof(ApiKeysFile))]
public sealed partial class ApiKeysJsonContext : JsonSerializerContext;
