namespace ServingFabric.Cli;

/// <summary>A parsed command line.</summary>
internal abstract record CliCommand(Uri Url);

/// <summary><c>fabric models get NAME</c>: a model's versions and replicas.</summary>
internal sealed record GetModelCommand(Uri Url, string Model) : CliCommand(Url);

/// <summary><c>fabric events</c>: the event log of one model or all.</summary>
internal sealed record ListEventsCommand(Uri Url, string? Model, long After) : CliCommand(Url);

/// <summary><c>fabric help</c>, <c>--help</c>, or no arguments.</summary>
internal sealed record HelpCommand(Uri Url) : CliCommand(Url);
