namespace ServingFabric.Contracts.Security;

/// <summary>
/// One API key as the keys file stores it: never the key itself, only a salted SHA-256 of its secret part. The key a
/// caller sends is <c>sf_&lt;id&gt;_&lt;secret&gt;</c> (<see cref="ApiKeyHashing"/>); <see cref="Id"/> finds the record,
/// the hash proves the secret.
/// </summary>
/// <param name="Id">16 lowercase hex characters, unique in the file; public (it appears in the key and in logs).</param>
/// <param name="Name">Who holds the key (letters, digits, <c>. _ - @</c>); the principal's name in events and logs.</param>
/// <param name="Scopes">What the key grants (<see cref="FabricScopes"/>), such as <c>inference:fraud-*</c>.</param>
/// <param name="Salt">16 random bytes, base64.</param>
/// <param name="Hash">SHA-256 of the salt followed by the secret's UTF-8 bytes, base64.</param>
/// <param name="CreatedAt">When the key was made.</param>
/// <param name="ExpiresAt">After this the key is refused; null: never expires.</param>
/// <param name="RevokedAt">When the key was revoked (then refused); null: not revoked.</param>
public sealed record ApiKeyRecord(
    string Id,
    string Name,
    IReadOnlyList<string> Scopes,
    string Salt,
    string Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);

/// <summary>The keys file (JSON, snake_case): <c>{"keys": [ ... ]}</c>. Written by <c>fabric keys</c>, read by every gateway.</summary>
public sealed record ApiKeysFile(IReadOnlyList<ApiKeyRecord> Keys);
