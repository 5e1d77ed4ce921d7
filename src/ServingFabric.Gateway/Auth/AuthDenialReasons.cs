namespace ServingFabric.Gateway.Auth;

/// <summary>The <c>reason</c> label of <c>servingfabric_auth_denied_total</c> and of the denial log line.</summary>
internal static class AuthDenialReasons
{
    public const string MissingCredential = "missing_credential";
    public const string InvalidKey = "invalid_key";
    public const string ExpiredKey = "expired_key";
    public const string RevokedKey = "revoked_key";
    public const string InvalidToken = "invalid_token";
    public const string ExpiredToken = "expired_token";
    public const string MissingScope = "missing_scope";
    public const string NotLoopback = "not_loopback";
}

/// <summary>
/// Why a presented credential was refused: what the caller is told (never the credential) and which key or subject
/// it named, for the log.
/// </summary>
internal sealed class FabricAuthenticationException : Exception
{
    /// <param name="reason">One of <see cref="AuthDenialReasons"/>.</param>
    /// <param name="message">What was wrong and what to do, for the 401 body.</param>
    /// <param name="who">The key's name or id, or the token's subject, when known; never the secret.</param>
    public FabricAuthenticationException(string reason, string message, string? who = null)
        : base(message)
    {
        Reason = reason;
        Who = who;
    }

    public string Reason { get; }

    public string? Who { get; }
}
