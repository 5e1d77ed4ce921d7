namespace ServingFabric.Client;

/// <summary>The credential the HTTP transport sends (the Orleans transport authenticates with its TLS certificate instead).</summary>
public sealed partial class ServingFabricClientOptions
{
    /// <summary>
    /// An API key (<c>sf_...</c>, made by <c>fabric keys create</c> with scope <c>inference</c> or
    /// <c>inference:&lt;model pattern&gt;</c>), sent as <c>Authorization: Bearer</c> on every HTTP call. Prefer
    /// <see cref="ApiKeyFile"/> (a mounted secret) or a value bound from an environment variable or secret store over a
    /// literal in a committed file. Set at most one of ApiKey, ApiKeyFile and <see cref="AccessTokenProvider"/>. Default: null.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A file holding the API key (only the key, a trailing line break allowed), read when a call is sent and again
    /// whenever the file changes, so a rotated key applies without a restart. Default: null.
    /// </summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>
    /// Returns an access token (a JWT from the gateway's configured issuer) for each HTTP call, sent as
    /// <c>Authorization: Bearer</c>. It is called once per request, so it should cache the token until near expiry;
    /// Azure.Identity's credentials do. To use Microsoft Entra ID:
    /// <code>
    /// var credential = new DefaultAzureCredential();
    /// var context = new TokenRequestContext(["api://serving-fabric/.default"]);
    /// options.AccessTokenProvider = async ct => (await credential.GetTokenAsync(context, ct)).Token;
    /// </code>
    /// Exceptions it throws reach the caller unchanged. Default: null.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? AccessTokenProvider { get; set; }
}
