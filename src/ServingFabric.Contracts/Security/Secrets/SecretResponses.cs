namespace ServingFabric.Contracts.Security.Secrets;

/// <summary><c>GET /v1/secrets</c>: the secrets this silo reads by reference, their versions and checks; never values.</summary>
/// <param name="Silo">The silo that answered (each silo reads its own secrets).</param>
/// <param name="Secrets">One per watched reference and component.</param>
public sealed record SecretStatusResponse(string Silo, IReadOnlyList<SecretStatus> Secrets);

/// <summary><c>GET /v1/audit/secrets</c>: this silo's most recent secret accesses, newest first.</summary>
/// <param name="Silo">The silo that answered.</param>
/// <param name="Total">Accesses recorded since the silo started (more than listed once the bounded log wraps).</param>
/// <param name="Records">The records, newest first.</param>
public sealed record SecretAuditResponse(string Silo, long Total, IReadOnlyList<SecretAccessRecord> Records);
