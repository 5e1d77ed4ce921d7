namespace ServingFabric.Contracts.Events;

/// <summary><c>GET /v1/events?model=&amp;after=</c>: the events of one model or of all, after a sequence number.</summary>
/// <param name="Events">The events, per model in sequence order.</param>
public sealed record EventsResponse(IReadOnlyList<EventResponse> Events);
