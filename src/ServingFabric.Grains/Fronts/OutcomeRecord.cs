using ServingFabric.Grains.Outcomes;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>A request in progress whose outcome is recorded when it ends; default: its version is not known yet.</summary>
internal readonly record struct OutcomeRecord(ModelOutcomes? Outcomes, TrafficDecision Traffic, string? RunningExperiment, TimeSpan? SlowThreshold, TimeSpan? LatencyObjective = null);
