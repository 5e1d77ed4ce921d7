using System.Net;

namespace ServingFabric.Client;

/// <summary>
/// The gateway refused a management call: <see cref="StatusCode"/> says how (400 bad body, 401/403 access, 404 unknown
/// model or version, 409 refused by the router, ...), <see cref="Exception.Message"/> is the gateway's own message.
/// </summary>
public sealed class FabricManagementException : Exception
{
    /// <summary>A refusal with the gateway's status and message.</summary>
    /// <param name="statusCode">The HTTP status the gateway answered.</param>
    /// <param name="message">The gateway's <c>error</c> message, or a description of the answer when it had none.</param>
    public FabricManagementException(HttpStatusCode statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
        GatewayMessage = message;
    }

    /// <summary>
    /// The gateway's own message; <see cref="Exception.Message"/> adds what to do about a 401 or 403 (send a
    /// credential, or one with <see cref="RequiredScope"/>).
    /// </summary>
    public string GatewayMessage { get; init; }

    /// <summary>For a 401 or 403: the scope the call needs (<c>read</c>, <c>manage</c>, <c>faults</c> or <c>feedback</c>); otherwise null.</summary>
    public string? RequiredScope { get; init; }

    /// <summary>Whether the refused call carried a credential (an API key or an access token).</summary>
    public bool CredentialSent { get; init; }

    /// <summary>The HTTP status the gateway answered.</summary>
    public HttpStatusCode StatusCode { get; }
}
