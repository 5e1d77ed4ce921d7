using System.Text.Json.Serialization;

namespace ServingFabric.Compliance.Drills;

/// <summary>JSON the drills write, generated at compile time.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class DrillJsonContext : JsonSerializerContext;
