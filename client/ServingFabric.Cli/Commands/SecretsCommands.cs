namespace ServingFabric.Cli;

/// <summary><c>fabric secrets status</c>.</summary>
internal sealed record SecretsStatusCommand(Uri Url) : CliCommand(Url);

/// <summary><c>fabric secrets audit [--limit N]</c>.</summary>
internal sealed record SecretsAuditCommand(Uri Url, int Limit) : CliCommand(Url);
