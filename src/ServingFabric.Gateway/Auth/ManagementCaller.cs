namespace ServingFabric.Gateway.Auth;

/// <summary>Who made a management call and how the gateway let them in.</summary>
/// <param name="Who">The actor recorded in events: the sanitized <c>x-fabric-actor</c> header, else "admin".</param>
/// <param name="Via">"admin key" (a valid bearer key) or "loopback" (no key configured, a local client).</param>
internal sealed record ManagementCaller(string Who, string Via);
