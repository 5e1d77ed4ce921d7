namespace ServingFabric.Client;

/// <summary>Settings of <see cref="HttpFabricManagementClient"/>, bound by <see cref="FabricManagementClientServiceCollectionExtensions.AddFabricManagementClient"/>.</summary>
public sealed partial class FabricManagementClientOptions
{
    /// <summary>The gateway's address, for example <c>http://serving-fabric:8080/</c>; a path prefix is kept. Required. Default: null.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The older name of <see cref="ApiKey"/> (from when the gateway had one admin key,
    /// <c>ServingFabric:Gateway:AdminApiKey</c>); sent the same way. Set ApiKey or this, not both. Default: null.
    /// </summary>
    public string? AdminApiKey { get; set; }

    /// <summary>
    /// Who acts, sent as <c>x-fabric-actor</c> and recorded with every change in the event log (letters, digits,
    /// <c>. _ - @</c>, at most 64). Default: null (the gateway records <c>admin</c>).
    /// </summary>
    public string? Actor { get; set; }

    /// <summary>How long one call may take; importing a large artifact takes a while. Default: 2 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);
}
