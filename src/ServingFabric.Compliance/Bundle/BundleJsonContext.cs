using System.Text.Json.Serialization;
using ServingFabric.Contracts.Events;

namespace ServingFabric.Compliance.Bundle;

/// <summary>The bundle's JSON (evidence.json, events.json), generated at compile time: snake_case, indented, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvidenceDocument))]
[JsonSerializable(typeof(IReadOnlyList<EventResponse>))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
