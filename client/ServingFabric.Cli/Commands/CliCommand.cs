namespace ServingFabric.Cli;

/// <summary>A parsed command line.</summary>
/// <remarks><see cref="ApiKey"/> and <see cref="Actor"/> travel with every command; only changes need them.</remarks>
internal abstract record CliCommand(Uri Url)
{
    /// <summary>The API key sent as <c>Authorization: Bearer</c> (from --api-key or FABRIC_API_KEY); null: none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>A file holding the API key, read when a request is sent (from --api-key-file or FABRIC_API_KEY_FILE); null: none.</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>Who acts, sent as <c>x-fabric-actor</c> for the event log (from --actor or FABRIC_ACTOR); null: none.</summary>
    public string? Actor { get; init; }

    /// <summary>How answers are printed (--output).</summary>
    public OutputFormat Output { get; init; }
}
