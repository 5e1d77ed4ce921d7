namespace ServingFabric.Contracts.Security.Secrets;

/// <summary>The bounded log of secret accesses in this process, newest first (<c>GET /v1/audit/secrets</c>).</summary>
public interface ISecretAuditLog
{
    /// <summary>Up to <paramref name="limit"/> records, newest first.</summary>
    IReadOnlyList<SecretAccessRecord> Recent(int limit);

    /// <summary>How many records were written since the process started (also those no longer kept).</summary>
    long Total { get; }
}
