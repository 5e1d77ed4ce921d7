using System.Net;

namespace ServingFabric.Client;

/// <summary>
/// What to do about a 401 or 403, appended to the gateway's own message: send a credential, send a current one, or
/// use one with the scope the call needs.
/// </summary>
internal static class AccessRefusalHint
{
    /// <summary>The hint for <paramref name="status"/>, or null when it is not an access refusal.</summary>
    /// <param name="status">The gateway's answer.</param>
    /// <param name="credentialKind">What was sent ("an API key", "an access token"); null when nothing was.</param>
    /// <param name="settings">The options' name, such as <c>ServingFabricClientOptions</c>.</param>
    /// <param name="scope">The scope the call needs, such as <c>inference:iris</c>.</param>
    public static string? For(HttpStatusCode status, string? credentialKind, string settings, string scope) => status switch
    {
        HttpStatusCode.Unauthorized when credentialKind is null =>
            $"no credential was sent: set {settings}.ApiKeyFile or ApiKey to a key with scope {scope}, or AccessTokenProvider for a JWT",
        HttpStatusCode.Unauthorized =>
            $"the gateway did not accept {credentialKind}: check that it is current (not expired or revoked; 'fabric keys list' shows keys) and meant for this gateway",
        HttpStatusCode.Forbidden =>
            $"{credentialKind ?? "the credential"} was accepted but does not grant what this call needs: use a key created with --scope {scope} (or a token carrying that scope)",
        _ => null,
    };

    /// <summary>The gateway's message followed by the hint.</summary>
    public static string Append(string message, string hint) => $"{message.TrimEnd().TrimEnd('.')} ({hint}).";
}
