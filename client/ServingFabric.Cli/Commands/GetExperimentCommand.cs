namespace ServingFabric.Cli;

/// <summary><c>fabric experiment get MODEL [--watch]</c>: the running or latest canary or A/B test.</summary>
/// <param name="Url">The gateway.</param>
/// <param name="Model">The model.</param>
/// <param name="Watch">Refresh until the release ends.</param>
/// <param name="Interval">Time between refreshes.</param>
/// <param name="Timeout">Longest time to watch.</param>
internal sealed record GetExperimentCommand(Uri Url, string Model, bool Watch, TimeSpan Interval, TimeSpan Timeout) : CliCommand(Url);
