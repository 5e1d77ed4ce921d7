using ServingFabric.Models;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>Where the traffic policy sends one request: the table's plan, its decision, and the chosen version's route.</summary>
internal readonly record struct TrafficChoice(TrafficPlan Plan, TrafficDecision Traffic, VersionRoute Route);
