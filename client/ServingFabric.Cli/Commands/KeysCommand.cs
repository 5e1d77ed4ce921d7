namespace ServingFabric.Cli;

/// <summary><c>fabric keys ...</c>: works on a gateway's keys file on this machine; no request is sent.</summary>
/// <param name="Url">The gateway (unused: the file is local).</param>
/// <param name="File">The keys file (<c>ServingFabric:Gateway:Auth:KeysFile</c>).</param>
internal abstract record KeysCommand(Uri Url, string File) : CliCommand(Url);

/// <summary><c>fabric keys create</c>: a new key appended to the file, printed once.</summary>
/// <param name="Name">Who holds the key.</param>
/// <param name="Scopes">What it grants, each valid for <see cref="ServingFabric.Contracts.Security.FabricScopes.IsValid"/>.</param>
/// <param name="Expires">When it stops working; null: never.</param>
/// <param name="AllowDuplicateName">Make it although an active key has the same name (rotation).</param>
internal sealed record CreateKeyCommand(Uri Url, string File, string Name, IReadOnlyList<string> Scopes, KeyExpiry? Expires, bool AllowDuplicateName)
    : KeysCommand(Url, File);

/// <summary><c>fabric keys list</c>: every key's id, name, scopes, dates and status; never a hash.</summary>
internal sealed record ListKeysCommand(Uri Url, string File) : KeysCommand(Url, File);

/// <summary><c>fabric keys revoke</c>: marks a key revoked (kept in the file for audit).</summary>
/// <param name="Key">The key's id, or the name of exactly one unrevoked key.</param>
internal sealed record RevokeKeyCommand(Uri Url, string File, string Key) : KeysCommand(Url, File);
