namespace ServingFabric.Cli;

/// <summary><c>fabric scaling get MODEL</c>.</summary>
internal sealed record GetScalingCommand(Uri Url, string Model) : CliCommand(Url);
