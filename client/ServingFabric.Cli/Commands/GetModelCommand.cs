namespace ServingFabric.Cli;

/// <summary><c>fabric models get NAME</c>: a model's versions and replicas.</summary>
internal sealed record GetModelCommand(Uri Url, string Model) : CliCommand(Url);
