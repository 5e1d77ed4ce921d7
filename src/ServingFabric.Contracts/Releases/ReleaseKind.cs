using System.Text.Json.Serialization;
using ServingFabric.Contracts.Json;

namespace ServingFabric.Contracts.Releases;

/// <summary>The kind of a release: <c>canary</c> or <c>ab_test</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ReleaseKind>))]
public enum ReleaseKind
{
    /// <summary>A canary: the candidate's share grows step by step while it is no worse than the control.</summary>
    Canary = 0,

    /// <summary>An A/B test: a fixed split until one arm is significantly better on the primary metric.</summary>
    AbTest = 1,
}
