using ServingFabric.Compliance;

namespace ServingFabric.Cli;

/// <summary><c>fabric compliance verify --url URL [--credentials FILE] [--prometheus URL] [--deploy DIR] [--drills load,failover,scale] --out DIR</c>.</summary>
/// <param name="Options">What to verify and where the bundle goes, without the key (resolved when the command runs).</param>
/// <param name="CredentialsFile">--credentials: a file holding the API key; null: --api-key, --api-key-file or the environment.</param>
internal sealed record ComplianceVerifyCommand(Uri Url, VerifyOptions Options, string? CredentialsFile) : CliCommand(Url);
