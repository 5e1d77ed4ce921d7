namespace ServingFabric.Cli;

/// <summary><c>fabric versions list MODEL</c>.</summary>
internal sealed record ListVersionsCommand(Uri Url, string Model) : CliCommand(Url);
