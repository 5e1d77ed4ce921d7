namespace ServingFabric.Cli;

/// <summary><c>fabric events [--follow]</c>: the event log of one model or all.</summary>
/// <param name="Url">The gateway.</param>
/// <param name="Model">Only this model's events; null: every model's.</param>
/// <param name="After">Only events after this sequence number.</param>
internal sealed record ListEventsCommand(Uri Url, string? Model, long After) : CliCommand(Url)
{
    /// <summary>Keep polling and print new events as they arrive, until Ctrl+C or <see cref="Timeout"/>.</summary>
    public bool Follow { get; init; }

    /// <summary>Time between polls while following.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest time to follow; null: until Ctrl+C.</summary>
    public TimeSpan? Timeout { get; init; }
}
