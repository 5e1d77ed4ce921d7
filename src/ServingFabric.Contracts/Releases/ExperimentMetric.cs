using System.Text.Json.Serialization;
using ServingFabric.Contracts.Json;

namespace ServingFabric.Contracts.Releases;

/// <summary>The primary metric of an A/B test: <c>reward</c>, <c>latency</c> or <c>errors</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ExperimentMetric>))]
public enum ExperimentMetric
{
    /// <summary>The reward callers send as feedback; higher is better.</summary>
    Reward = 0,

    /// <summary>Latency; lower is better.</summary>
    Latency = 1,

    /// <summary>The error rate; lower is better.</summary>
    Errors = 2,
}
