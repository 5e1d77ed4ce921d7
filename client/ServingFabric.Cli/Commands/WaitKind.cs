namespace ServingFabric.Cli;

/// <summary>The conditions --wait can wait for.</summary>
internal enum WaitKind
{
    /// <summary>Every replica of a registered version is ready (polls <c>GET /v1/models/{name}</c>).</summary>
    VersionReady,

    /// <summary>Every version serves with the replicas the scaler wants (polls <c>GET /v1/models/{name}/scaling</c>).</summary>
    ScaledOut,

    /// <summary>The release ends: promoted, rolled back, aborted (polls <c>GET /v1/models/{name}/experiment</c>).</summary>
    ReleaseEnded,
}
