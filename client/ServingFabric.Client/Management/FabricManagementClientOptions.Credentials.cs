namespace ServingFabric.Client;

/// <summary>The credential the management client sends; <see cref="AdminApiKey"/> is the older name of <see cref="ApiKey"/>.</summary>
public sealed partial class FabricManagementClientOptions
{
    /// <summary>
    /// An API key (<c>sf_...</c>, made by <c>fabric keys create</c> with the scopes the calls need: <c>read</c> for
    /// reading, <c>manage</c> for changes, <c>faults</c> for fault injection, <c>feedback</c> for rewards), sent as
    /// <c>Authorization: Bearer</c> on every call. Prefer <see cref="ApiKeyFile"/> or a value bound from an environment
    /// variable or secret store over a literal in a committed file. Set at most one of ApiKey (or AdminApiKey),
    /// ApiKeyFile and <see cref="AccessTokenProvider"/>. Default: null.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A file holding the API key (only the key, a trailing line break allowed), read when a call is sent and again
    /// whenever the file changes, so a rotated key applies without a restart. Default: null.
    /// </summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>
    /// Returns an access token (a JWT from the gateway's configured issuer) for each call, sent as
    /// <c>Authorization: Bearer</c>. Called once per request, so it should cache the token until near expiry, as
    /// Azure.Identity's credentials do:
    /// <c>options.AccessTokenProvider = async ct =&gt; (await credential.GetTokenAsync(new TokenRequestContext([scope]), ct)).Token;</c>
    /// Exceptions it throws reach the caller unchanged. Default: null.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? AccessTokenProvider { get; set; }

    /// <summary>The key to send: <see cref="ApiKey"/>, else <see cref="AdminApiKey"/>.</summary>
    internal string? EffectiveApiKey => string.IsNullOrEmpty(ApiKey) ? AdminApiKey : ApiKey;
}
