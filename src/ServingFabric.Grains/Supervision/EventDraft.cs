using ServingFabric.Models;

namespace ServingFabric.Grains.Supervision;

/// <summary>An event before the log gives it a sequence number and a time.</summary>
internal sealed record EventDraft(ModelEventKind Kind, string? ReplicaKey, string? Silo, string? Zone, string Message, string? Actor = null);
