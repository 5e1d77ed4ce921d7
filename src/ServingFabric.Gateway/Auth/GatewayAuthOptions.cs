namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Who may call the gateway. Section <c>ServingFabric:Gateway:Auth</c>. With neither keys nor JWT configured the
/// gateway serves loopback clients only (the embedded default) and refuses to start on another address.
/// </summary>
public sealed class GatewayAuthOptions
{
    public const string SectionName = "ServingFabric:Gateway:Auth";

    /// <summary>
    /// The API keys file (<c>fabric keys create</c> writes it; salted hashes only), re-read every <see cref="KeysReloadInterval"/>;
    /// or a secret reference (<c>kv://vault/name</c>, <c>file:path</c>) whose value is that file's JSON, swapped on each new version.
    /// </summary>
    public string? KeysFile { get; set; }

    /// <summary>How often the keys file is checked for changes: a revoked or expired key stops working within this. Default 5 s.</summary>
    public TimeSpan KeysReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After the admin key is rotated through the secret store, how long the previous key is still accepted, so callers
    /// can move to the new one (the rotation runbook's overlap window). Default 10 min; zero refuses it at once.
    /// </summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>JWT bearer tokens from an OIDC issuer (Microsoft Entra ID and others).</summary>
    public JwtIssuerOptions Jwt { get; set; } = new();

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are honoured; from anyone
    /// else those headers are ignored. Default none.
    /// </summary>
    public IList<string> KnownProxies { get; set; } = [];

    /// <summary>Whether any scheme is configured (then every endpoint but health needs a principal).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(KeysFile) || Jwt.IsConfigured;
}

/// <summary>The OIDC issuer whose JWT bearer tokens the gateway accepts. Section <c>ServingFabric:Gateway:Auth:Jwt</c>.</summary>
public sealed class JwtIssuerOptions
{
    /// <summary>The issuer (<c>iss</c>) tokens must carry, such as <c>https://login.microsoftonline.com/&lt;tenant&gt;/v2.0</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) tokens must carry: this fabric's application id URI or client id.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// Where the issuer's signing keys come from: the OIDC metadata document (<c>.../.well-known/openid-configuration</c>,
    /// HTTPS) or, with <see cref="JwksFile"/>, a local JWKS file (air-gapped clusters, tests). One of the two.
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>A local JSON Web Key Set file with the issuer's signing keys; re-read when it changes.</summary>
    public string? JwksFile { get; set; }

    /// <summary>Whether JWTs are accepted (an issuer and an audience are set).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Issuer) || !string.IsNullOrWhiteSpace(Audience);
}
