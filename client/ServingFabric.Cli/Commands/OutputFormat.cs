namespace ServingFabric.Cli;

/// <summary>--output: tables for people, or the gateway's JSON for scripts.</summary>
internal enum OutputFormat
{
    /// <summary>Tables and summaries (the default).</summary>
    Table,

    /// <summary>The answer's JSON; a watch or follow prints one JSON document per line.</summary>
    Json,
}
