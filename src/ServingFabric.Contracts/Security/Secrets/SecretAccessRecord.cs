namespace ServingFabric.Contracts.Security.Secrets;

/// <summary>
/// One audited access to a secret: each read, version list and refresh makes exactly one record, logged as a
/// structured event (stable event id), counted (<c>servingfabric_secret_reads_total{secret,outcome}</c>) and kept in
/// a bounded in-memory log served at <c>GET /v1/audit/secrets</c> (scope <c>read</c>).
/// </summary>
/// <param name="Time">When the access ended.</param>
/// <param name="Silo">The silo (host) that made it.</param>
/// <param name="Secret">The reference (safe to show).</param>
/// <param name="Version">The version read, or null when none was.</param>
/// <param name="Store">The store kind.</param>
/// <param name="Component">The caller component.</param>
/// <param name="Operation"><c>read</c>, <c>list</c> or <c>refresh</c>.</param>
/// <param name="Outcome"><c>ok</c>, <c>unchanged</c>, <c>not_found</c>, <c>denied</c>, <c>unreachable</c> or <c>error</c>.</param>
public sealed record SecretAccessRecord(
    DateTimeOffset Time, string Silo, string Secret, string? Version, string Store, string Component, string Operation, string Outcome);
