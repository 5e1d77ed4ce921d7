namespace ServingFabric.Contracts.Security.Secrets;

/// <summary>
/// One version of a secret as read from its store. <see cref="ToString"/> names the secret and version, never the
/// value: pass the value only to what consumes it (a parser, a credential), never to a logger or an exception.
/// </summary>
/// <param name="Reference">The secret.</param>
/// <param name="Version">The store's version id: Key Vault's version, or for files a digest of the content's stamp.</param>
/// <param name="Value">The secret value itself.</param>
/// <param name="CreatedOn">When this version was created (Key Vault) or last written (files), when known.</param>
public sealed record SecretValue(SecretReference Reference, string Version, string Value, DateTimeOffset? CreatedOn)
{
    /// <summary>Names the secret and version only.</summary>
    public override string ToString() => $"{Reference}@{Version}";
}

/// <summary>A version of a secret as listed by its store, without the value.</summary>
/// <param name="Version">The version id.</param>
/// <param name="Enabled">Whether the store serves it (Key Vault's enabled attribute; files: always).</param>
/// <param name="CreatedOn">When it was created, when known.</param>
/// <param name="ExpiresOn">When it expires, when set.</param>
public sealed record SecretVersionInfo(string Version, bool Enabled, DateTimeOffset? CreatedOn, DateTimeOffset? ExpiresOn);
