namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// How secrets referenced as <c>kv://&lt;vault&gt;/&lt;name&gt;</c> or <c>file:&lt;path&gt;</c> are read and watched.
/// Section <c>ServingFabric:Secrets</c>.
/// </summary>
public sealed class SecretStoreOptions
{
    public const string SectionName = "ServingFabric:Secrets";

    /// <summary>How often Key Vault is asked for a new version of each referenced secret. Default 5 min.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a referenced file's content is checked (the CSI driver swaps a symbolic link). Default 1 s.</summary>
    public TimeSpan FilePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries while a store cannot be reached (doubling from the poll interval's tenth). Default 5 min.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long reading a secret at start may take before the start fails. Default 30 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Access records kept for <c>GET /v1/audit/secrets</c>. Default 1,000.</summary>
    public int AuditCapacity { get; set; } = 1_000;

    /// <summary>
    /// Refuse literal values in secret-holding settings (the storage connection string, the admin key): set by the
    /// production overlay; each must then be a reference. Default false (the embedded default and tests use literals).
    /// </summary>
    public bool RequireReferences { get; set; }

    /// <summary>Vault URIs by the name used in references; a name absent here is <c>https://&lt;name&gt;.vault.azure.net/</c>.</summary>
    public Dictionary<string, Uri> Vaults { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Entra tenant of a service principal (with <see cref="ClientId"/> and a secret or certificate file).</summary>
    public string? TenantId { get; set; }

    /// <summary>The service principal's or managed identity's client id. With no secret or certificate: workload identity / managed identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>A file holding the service principal's client secret (never the secret itself in settings).</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>A PEM or PKCS#12 file with the service principal's certificate and key.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The Entra authority (sovereign clouds; a test authority). Default Azure public cloud.</summary>
    public Uri? AuthorityHost { get; set; }

    /// <summary>Accept a vault host that does not answer with Key Vault's own resource in its challenge (a test server, a private endpoint alias).</summary>
    public bool DisableChallengeResourceVerification { get; set; }

    /// <summary>A PEM file of a CA that the Key Vault and authority connections trust besides the system's (a private CA, a test server).</summary>
    public string? TrustedCaFile { get; set; }
}
