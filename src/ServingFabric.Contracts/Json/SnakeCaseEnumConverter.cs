using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Json;

/// <summary>
/// An enum as its snake_case name (<c>AbTest</c> ↔ <c>"ab_test"</c>), like every other name of the API. Numbers are
/// refused: a caller who sends <c>1</c> for a metric most likely meant something else.
/// </summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
